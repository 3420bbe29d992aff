/** Evaluates JSONata expressions against a run's context, within a budget, returning plain JSON values. */
import type { StepStatus } from "../../contracts/workflow";
import {
  assertWithinSize,
  type BudgetMeter,
  budgetBindings,
  createMeter,
  type ExpressionBudget,
  isFunctionValue,
} from "./budget";
import { callOriginal, guardBuiltins, loadBuiltins } from "./builtins";
import { type CompiledExpression, compileExpression } from "./compile";
import { ExpressionError, toExpressionError } from "./errors";

/** What `steps.<id>` holds for an expression. */
export interface StepContext {
  output: unknown;
  status: StepStatus;
}

/** What `run` holds for an expression. */
export interface RunContext {
  id: string;
  workflow_id: string;
  version: number;
  correlation_id: string;
  /** ISO 8601. */
  started_at: string;
  trigger: { type: string; data?: unknown };
}

/**
 * The document expressions are evaluated against, so `input.user_id` and `steps.get_user.output.name` are plain
 * paths. `data` is only set for `render` templates (the node's rendered `data`).
 */
export interface ExpressionContext {
  input: unknown;
  steps: Record<string, StepContext>;
  run: RunContext;
  vars: Record<string, unknown>;
  data?: unknown;
}

/** The fields of `run`, for static checks of `run.<field>` references. */
export const RUN_CONTEXT_FIELDS: readonly (keyof RunContext)[] = [
  "id",
  "workflow_id",
  "version",
  "correlation_id",
  "started_at",
  "trigger",
];

/** Limits plus injectable clock and randomness (so `$now()`, `$millis()`, `$random()` are deterministic). */
export interface EvaluateOptions extends Partial<ExpressionBudget> {
  /** Milliseconds since the epoch for `$now()` / `$millis()`; defaults to JSONata's own clock. */
  now?: () => number;
  /** A number in [0, 1) for `$random()`. */
  random?: () => number;
  /** Share usage with other evaluations (e.g. all templates of one node). Its limits win over the ones above. */
  meter?: BudgetMeter;
}

function clockBindings(options: EvaluateOptions): Record<string, unknown> {
  const bindings: Record<string, unknown> = {};
  if (options.now) {
    // JSONata fixes the time once per evaluation; so do we.
    const millis = options.now();
    bindings.millis = () => millis;
    bindings.now = (picture?: unknown, timezone?: unknown) =>
      callOriginal("fromMillis", undefined, [millis, picture, timezone]);
  }
  const random = options.random;
  if (random) bindings.random = () => random();
  return bindings;
}

/** JSONata results may be "sequences" (arrays with flags) and may contain functions: return plain JSON instead. */
function toPlain(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return typeof value === "function" ? undefined : value;
  if (isFunctionValue(value)) return undefined;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const plain = toPlain(item);
      if (plain !== undefined) items.push(plain);
    }
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const plain = toPlain(item);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

/**
 * Evaluates an already compiled expression. Used by `evaluateExpression` and the template renderer.
 * @throws ExpressionError
 */
export async function evaluateCompiled(
  compiled: CompiledExpression,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): Promise<unknown> {
  const meter = options.meter ?? createMeter(options);
  try {
    await loadBuiltins();
    guardBuiltins(compiled.jsonata);
    const bindings = { ...clockBindings(options), ...budgetBindings(meter) };
    const result: unknown = await compiled.jsonata.evaluate(context, bindings);
    if ((typeof result === "object" && result !== null && isFunctionValue(result)) || typeof result === "function") {
      throw new ExpressionError("expression_failed", "The expression returned a function instead of a value", {
        detail: "result is a function; call it with ()",
      });
    }
    // Results that are references into the context (not built by the expression) are measured here.
    assertWithinSize(result, meter.budget);
    return toPlain(result);
  } catch (err) {
    throw toExpressionError(err);
  }
}

/**
 * Evaluates a full JSONata expression against the run's context.
 * @throws ExpressionError (`expression_syntax`, `expression_budget_exceeded`, `expression_too_large`,
 *   `expression_failed`)
 * @example await evaluateExpression("steps.get_user.output.name", ctx) // "Ada"
 */
export async function evaluateExpression(
  source: string,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): Promise<unknown> {
  return evaluateCompiled(compileExpression(source), context, options);
}
