/**
 * Static analysis of what an expression reads from the context (`input.x`, `steps.a.output.y`, `run.id`,
 * `vars.k`), from the JSONata AST. Validation and preflight use it to flag unresolved references before a run;
 * the editor uses it for autocomplete and "used by" hints.
 */
import { type AstNode, compileExpression, walkAst } from "./compile";
import { compileSegment, parseTemplate } from "./template";

/** The context roots an expression can read. */
export const REFERENCE_ROOTS = ["input", "steps", "run", "vars"] as const;
export type ReferenceRoot = (typeof REFERENCE_ROOTS)[number];

/** One read of the context: `steps.get_user.output.name` is `{ root: "steps", path: ["get_user", "output", "name"] }`. */
export interface ExpressionReference {
  root: ReferenceRoot;
  path: string[];
}

function isRoot(value: unknown): value is ReferenceRoot {
  return typeof value === "string" && (REFERENCE_ROOTS as readonly string[]).includes(value);
}

function asNodes(value: unknown): AstNode[] {
  return Array.isArray(value) ? (value as AstNode[]) : [];
}

/**
 * The reference a path node starts with, if any. `$$.input.x` (the root document) and `$.input.x` count too.
 * A path reads a root wherever it appears (function arguments, predicates, object constructors, lambda bodies):
 * inside a predicate JSONata would resolve a bare `input` against the current item, but a name equal to a root
 * is almost always meant as the root, and reporting it lets validation catch typos in it.
 */
function pathReference(node: AstNode): (ExpressionReference & { at: number }) | null {
  const steps = asNodes(node.steps);
  let index = 0;
  const first = steps[0];
  if (first?.type === "variable" && (first.value === "$" || first.value === "")) index = 1;
  const rootStep = steps[index];
  if (rootStep?.type !== "name" || !isRoot(rootStep.value)) return null;
  const path: string[] = [];
  for (const step of steps.slice(index + 1)) {
    // Field names only: the path stops at a block, a function call, a wildcard or a sort.
    if (step.type !== "name" || typeof step.value !== "string") break;
    path.push(step.value);
  }
  return { root: rootStep.value, path, at: typeof rootStep.position === "number" ? rootStep.position : 0 };
}

type Found = Map<string, ExpressionReference & { at: number }>;

function referencesOf(ast: AstNode, into: Found, offset = 0): void {
  for (const node of walkAst(ast)) {
    if (node.type !== "path") continue;
    const reference = pathReference(node);
    if (!reference) continue;
    const key = [reference.root, ...reference.path].join("\u0000");
    const at = reference.at + offset;
    const known = into.get(key);
    if (!known || known.at > at) into.set(key, { ...reference, at });
  }
}

/** In order of appearance in the source. */
function inOrder(found: Found): ExpressionReference[] {
  return [...found.values()].sort((a, b) => a.at - b.at).map(({ root, path }) => ({ root, path }));
}

/**
 * The context references of a full expression, deduplicated, in order of appearance. Unknown roots are ignored
 * (they may be JSONata variables or the `data` of a render node).
 * @throws ExpressionError `expression_syntax`
 * @example analyzeReferences("$count(steps.list.output[price > vars.min])")
 *   // [{ root: "steps", path: ["list", "output"] }, { root: "vars", path: ["min"] }]
 */
export function analyzeReferences(source: string): ExpressionReference[] {
  const found: Found = new Map();
  referencesOf(compileExpression(source).ast, found);
  return inOrder(found);
}

/**
 * The context references of every `{{ }}` in a template string.
 * @throws ExpressionError `expression_syntax`
 */
export function templateReferences(template: string): ExpressionReference[] {
  const found: Found = new Map();
  for (const segment of parseTemplate(template)) {
    if (segment.kind === "expression") referencesOf(compileSegment(segment).ast, found, segment.offset);
  }
  return inOrder(found);
}
