/** `ExpressionError`: what every expression failure becomes (stable code, human message, technical detail). */

/** Stable codes: the run engine maps them to step errors, the editor to inline messages. */
export const EXPRESSION_ERROR_CODES = [
  "expression_syntax",
  "expression_budget_exceeded",
  "expression_too_large",
  "expression_failed",
] as const;
export type ExpressionErrorCode = (typeof EXPRESSION_ERROR_CODES)[number];

export interface ExpressionErrorOptions {
  /** Technical detail for logs and `error_tech` (JSONata code, token, limit values). */
  detail: string;
  /** Character offset in the source, when known. */
  position?: number;
  cause?: unknown;
}

/**
 * An expression that could not be parsed or evaluated. Never retryable: the same expression on the same data
 * fails the same way.
 * @example
 * try { await evaluateExpression("input.(", ctx) } catch (err) {
 *   if (err instanceof ExpressionError && err.code === "expression_syntax") showInline(err.message, err.position);
 * }
 */
export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  readonly detail: string;
  readonly position: number | undefined;
  readonly retryable = false;

  constructor(code: ExpressionErrorCode, message: string, options: ExpressionErrorOptions) {
    super(message, { cause: options.cause });
    this.name = "ExpressionError";
    this.code = code;
    this.detail = options.detail;
    this.position = options.position;
  }
}

/** A JSONata error: a plain object (not an Error) with a code such as S0201 or T2001. */
interface JsonataErrorShape {
  code: string;
  message?: string;
  position?: number;
  token?: unknown;
  value?: unknown;
  /** `$eval` wraps the inner error here. */
  error?: unknown;
}

function isJsonataError(err: unknown): err is JsonataErrorShape {
  return typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "string";
}

function at(position: number | undefined): string {
  return position === undefined ? "" : ` at position ${position}`;
}

/**
 * Turns anything thrown while compiling or evaluating into an `ExpressionError`.
 * JSONata's own guardrail codes keep their meaning: D1011 (stack) is a budget error, D2014/D2015 (too many
 * items) a size error, S0xxx a syntax error; other codes are runtime failures (type errors, bad arguments).
 */
export function toExpressionError(err: unknown): ExpressionError {
  if (err instanceof ExpressionError) return err;
  if (isJsonataError(err)) {
    if ((err.code === "D3120" || err.code === "D3121") && err.error !== undefined) return toExpressionError(err.error);
    const message = err.message ?? "unknown error";
    const detail = `${err.code}${at(err.position)}: ${message}`;
    const options = { detail, position: err.position, cause: err };
    if (err.code.startsWith("S0")) {
      return new ExpressionError("expression_syntax", `Syntax error${at(err.position)}: ${message}`, options);
    }
    if (err.code === "D1011" || err.code === "D1012") {
      return new ExpressionError("expression_budget_exceeded", "The expression recursed too deeply", options);
    }
    if (err.code === "D2014" || err.code === "D2015") {
      return new ExpressionError(
        "expression_too_large",
        "The expression built a sequence with too many items",
        options,
      );
    }
    return new ExpressionError("expression_failed", `The expression failed${at(err.position)}: ${message}`, options);
  }
  if (err instanceof RangeError) {
    // The engine's last line of defence: V8 refusing a string/array size, or the JS stack overflowing.
    const tooLarge = /invalid (string|array) length/i.test(err.message);
    return new ExpressionError(
      tooLarge ? "expression_too_large" : "expression_budget_exceeded",
      tooLarge ? "The expression produced a value that is too large" : "The expression recursed too deeply",
      { detail: `${err.name}: ${err.message}`, cause: err },
    );
  }
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new ExpressionError("expression_failed", "The expression failed", { detail, cause: err });
}
