/** Compiles JSONata expressions once per source text, rejects unsafe regexes, and installs the budget guards. */
import jsonata from "jsonata";
import { installHooks, SEQUENCE_CEILING } from "./budget";
import { ExpressionError, toExpressionError } from "./errors";
import { isSafeRegex } from "./regex-safety";

/** A JSONata AST node, loosely typed: the walkers below only read `type`, `value` and child nodes. */
export interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  [key: string]: unknown;
}

/** A parsed expression, ready to evaluate. Immutable and safe to share between concurrent evaluations. */
export interface CompiledExpression {
  readonly source: string;
  readonly ast: AstNode;
  /** @internal Used by `evaluateExpression`; bindings must include the budget binding. */
  readonly jsonata: jsonata.Expression;
}

export type CompileResult = { ok: true; expression: CompiledExpression } | { ok: false; error: ExpressionError };

// Validation, preflight and every step evaluation compile the same few sources again and again.
const CACHE_LIMIT = 1_000;
const cache = new Map<string, CompileResult>();

function remember(source: string, result: CompileResult): CompileResult {
  if (cache.size >= CACHE_LIMIT) {
    // Map iteration order is insertion order: drop the oldest entry.
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(source, result);
  return result;
}

/** Every node of an AST, each once (JSONata shares some sub-trees, e.g. for `a ?: b`). */
export function* walkAst(root: unknown): Generator<AstNode> {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next !== "object" || next === null || next instanceof RegExp || seen.has(next)) continue;
    seen.add(next);
    if (!Array.isArray(next) && typeof (next as { type?: unknown }).type === "string") yield next as AstNode;
    for (const child of Array.isArray(next) ? next : Object.values(next)) stack.push(child);
  }
}

function checkRegexes(ast: AstNode): void {
  for (const node of walkAst(ast)) {
    if (node.type === "regex" && node.value instanceof RegExp && !isSafeRegex(node.value.source)) {
      throw new ExpressionError(
        "expression_syntax",
        `The regular expression /${node.value.source}/ repeats a repeated part (like (a+)+), which can take forever on some inputs; simplify it`,
        { detail: `unsafe regex (nested quantifier): /${node.value.source}/`, position: node.position },
      );
    }
  }
}

/** Compiles without throwing. */
export function tryCompileExpression(source: string): CompileResult {
  const cached = cache.get(source);
  if (cached) return cached;
  if (source.trim() === "") {
    const error = new ExpressionError("expression_syntax", "The expression is empty", { detail: "empty expression" });
    return remember(source, { ok: false, error });
  }
  try {
    const expression = jsonata(source, { sequence: SEQUENCE_CEILING });
    const ast = expression.ast() as unknown as AstNode;
    checkRegexes(ast);
    installHooks(expression);
    return remember(source, { ok: true, expression: { source, ast, jsonata: expression } });
  } catch (err) {
    const error = toExpressionError(err);
    // Anything that stops compilation is a problem with the text itself.
    const syntax =
      error.code === "expression_syntax"
        ? error
        : new ExpressionError("expression_syntax", error.message, { detail: error.detail, position: error.position });
    return remember(source, { ok: false, error: syntax });
  }
}

/**
 * Parses a JSONata expression (cached by source text).
 * @throws ExpressionError with code `expression_syntax` and the character `position`.
 * @example compileExpression("steps.get_user.output.name").ast.type // "path"
 */
export function compileExpression(source: string): CompiledExpression {
  const result = tryCompileExpression(source);
  if (!result.ok) throw result.error;
  return result.expression;
}
