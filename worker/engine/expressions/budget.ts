/**
 * The evaluation budget: counts JSONata evaluation steps and caps recursion depth and value sizes (built-in
 * functions are guarded in builtins.ts).
 *
 * Why steps and not time: in Cloudflare Workers the clock does not advance during synchronous CPU work, so a
 * Date.now()-based timeout (JSONata's own `timeout` option) never fires there. JSONata calls the functions bound
 * to Symbol.for("jsonata.__evaluate_entry") / ("jsonata.__evaluate_exit") around every AST node evaluation
 * (node_modules/jsonata/jsonata.js, `evaluate`), which gives a deterministic step counter and a place to check
 * every intermediate result.
 */
import type jsonata from "jsonata";
import { ExpressionError } from "./errors";

/** Limits of one evaluation (or of one `renderValue`, whose templates share them). */
export interface ExpressionBudget {
  /** AST node evaluations. */
  maxSteps: number;
  /** Nesting of evaluations (non-tail recursion). */
  maxDepth: number;
  /** Largest string, largest value an expression builds, and the result (approximate JSON bytes). */
  maxBytes: number;
  /** Largest array or sequence (JSONata itself refuses sequences over SEQUENCE_CEILING). */
  maxItems: number;
  /** Total size of what built-in functions return, so many calls that each stay under `maxBytes` are bounded. */
  maxAllocatedBytes: number;
}

export const DEFAULT_BUDGET: Readonly<ExpressionBudget> = {
  maxSteps: 100_000,
  maxDepth: 1_000,
  maxBytes: 1_000_000,
  maxItems: 100_000,
  maxAllocatedBytes: 16_000_000,
};

/** JSONata's own cap on sequence length (a compile option, so it is fixed); `maxItems` is checked on top. */
export const SEQUENCE_CEILING = 1_000_000;

/** Structures nested deeper than this are refused: serialising them could overflow the stack. */
const MAX_NESTING = 100;

/** Usage so far. One meter may be shared by several evaluations (the templates of one node). */
export interface BudgetMeter {
  readonly budget: Readonly<ExpressionBudget>;
  steps: number;
  allocatedBytes: number;
}

/** A fresh meter; unspecified limits take their defaults. */
export function createMeter(budget: Partial<ExpressionBudget> = {}): BudgetMeter {
  const merged = { ...DEFAULT_BUDGET };
  for (const key of Object.keys(DEFAULT_BUDGET) as (keyof ExpressionBudget)[]) {
    const value = budget[key];
    if (value !== undefined) merged[key] = value;
  }
  return { budget: merged, steps: 0, allocatedBytes: 0 };
}

/** The parts of JSONata's runtime frames this module relies on (not in its public typings). */
interface Frame {
  base: Frame;
  lookup(name: string | symbol): unknown;
}
interface AstLike {
  type: string;
  group?: unknown;
}

interface Measured {
  bytes: number;
  nesting: number;
}

/** State of one evaluation: its meter, its depth, and sizes already measured (values are immutable). */
export interface EvaluationState {
  meter: BudgetMeter;
  depth: number;
  sizes: WeakMap<object, Measured>;
}

// A compiled expression is cached and may be evaluated concurrently, so its hooks cannot hold state. Each
// evaluation passes an opaque token as a binding; on the first hook call (the root node, before any user code
// could rebind the name) the token is resolved and the state is pinned to the evaluation's base frame.
const BUDGET_BINDING = "__fluxo_budget";
const stateByToken = new WeakMap<object, EvaluationState>();
const stateByFrame = new WeakMap<Frame, EvaluationState>();

/** The bindings that attach `meter` to one evaluation. */
export function budgetBindings(meter: BudgetMeter): Record<string, unknown> {
  const token = Object.freeze({});
  stateByToken.set(token, { meter, depth: 0, sizes: new WeakMap() });
  return { [BUDGET_BINDING]: token };
}

function stateOf(frame: Frame): EvaluationState {
  const base = frame.base;
  let state = stateByFrame.get(base);
  if (!state) {
    const token = base.lookup(BUDGET_BINDING);
    state = typeof token === "object" && token !== null ? stateByToken.get(token) : undefined;
    // Fail closed: an expression must never run without a budget.
    if (!state) throw new ExpressionError("expression_failed", "Internal error", { detail: "no budget bound" });
    stateByFrame.set(base, state);
  }
  return state;
}

/** @internal Native functions receive JSONata's focus as `this`; its environment is a runtime frame. */
export function stateOfFocus(focus: jsonata.Focus): EvaluationState {
  return stateOf(focus.environment as unknown as Frame);
}

function budgetExceeded(what: string, limit: number): ExpressionError {
  return new ExpressionError(
    "expression_budget_exceeded",
    `The expression did too much work (more than ${limit.toLocaleString("en-US")} ${what}); simplify it or process less data`,
    { detail: `${what} limit ${limit} exceeded` },
  );
}

/** @internal */
export function tooLarge(subject: string, limit: number, unit: string): ExpressionError {
  const amount = `${limit.toLocaleString("en-US")} ${unit}`;
  return new ExpressionError("expression_too_large", `The expression produced ${subject} over the limit of ${amount}`, {
    detail: `${subject} over ${limit} ${unit}`,
  });
}

/** @internal */
export function chargeSteps(state: EvaluationState, steps: number): void {
  const meter = state.meter;
  meter.steps += steps;
  if (meter.steps > meter.budget.maxSteps) throw budgetExceeded("evaluation steps", meter.budget.maxSteps);
}

/** @internal */
export function chargeAllocation(state: EvaluationState, bytes: number): void {
  const meter = state.meter;
  meter.allocatedBytes += bytes;
  if (meter.allocatedBytes > meter.budget.maxAllocatedBytes) {
    throw tooLarge("text (in total)", meter.budget.maxAllocatedBytes, "bytes");
  }
}

/** JSONata lambdas and built-ins are objects flagged `_jsonata_lambda` / `_jsonata_function`. */
export function isFunctionValue(value: object): boolean {
  return typeof value === "function" || "_jsonata_lambda" in value || "_jsonata_function" in value;
}

/**
 * Approximate JSON size of a value, memoised per object so shared sub-values (a DAG built by
 * `{ "a": $x, "b": $x }` in a loop) are counted as often as they would be serialised, without walking them again.
 */
export function measure(value: unknown, state: EvaluationState, limit: number): Measured {
  if (typeof value === "string") return { bytes: value.length + 2, nesting: 0 };
  if (typeof value !== "object" || value === null) return { bytes: value === undefined ? 0 : 8, nesting: 0 };
  if (isFunctionValue(value)) return { bytes: 0, nesting: 0 };
  const known = state.sizes.get(value);
  if (known) return known;
  let bytes = 2;
  let nesting = 0;
  const add = (child: Measured, overhead: number) => {
    bytes += child.bytes + overhead;
    nesting = Math.max(nesting, child.nesting + 1);
    if (bytes > limit) throw tooLarge("a value", limit, "bytes");
    if (nesting > MAX_NESTING) throw tooLarge("a structure nested", MAX_NESTING, "levels deep");
  };
  if (Array.isArray(value)) {
    for (const item of value) add(measure(item, state, limit), 1);
  } else {
    for (const [key, item] of Object.entries(value)) add(measure(item, state, limit), key.length + 4);
  }
  const measured = { bytes, nesting };
  state.sizes.set(value, measured);
  return measured;
}

/** Throws when `value` is over the size limits; used on every result. */
export function assertWithinSize(value: unknown, budget: Readonly<ExpressionBudget>): void {
  measure(value, { meter: createMeter(budget), depth: 0, sizes: new WeakMap() }, budget.maxBytes);
}

// Node types whose result is a newly built value; others (paths, variables) return existing references.
const BUILDING = new Set(["unary", "function", "partial", "apply", "transform"]);

function onEntry(_expr: AstLike, _input: unknown, frame: Frame): void {
  const state = stateOf(frame);
  chargeSteps(state, 1);
  state.depth += 1;
  const maxDepth = state.meter.budget.maxDepth;
  if (state.depth > maxDepth) {
    throw new ExpressionError(
      "expression_budget_exceeded",
      `The expression recursed too deeply (more than ${maxDepth.toLocaleString("en-US")} levels); check for a function that calls itself without end`,
      { detail: `depth limit ${maxDepth} exceeded` },
    );
  }
}

function onExit(expr: AstLike, _input: unknown, frame: Frame, result: unknown): void {
  const state = stateOf(frame);
  state.depth -= 1;
  const budget = state.meter.budget;
  if (typeof result === "string") {
    if (result.length > budget.maxBytes) throw tooLarge("a string", budget.maxBytes, "characters");
  } else if (Array.isArray(result) && result.length > budget.maxItems) {
    throw tooLarge("an array", budget.maxItems, "items");
  }
  if (typeof result === "object" && result !== null && (BUILDING.has(expr.type) || expr.group !== undefined)) {
    measure(result, state, budget.maxBytes);
  }
}

interface SymbolAssign {
  assign(name: symbol, value: unknown): void;
}

/** Installs the step/depth/size hooks on a freshly compiled expression (built-ins: see builtins.ts). */
export function installHooks(expression: jsonata.Expression): void {
  // The public typings only allow string names; JSONata looks the hooks up by these symbols.
  const assignable = expression as unknown as SymbolAssign;
  assignable.assign(Symbol.for("jsonata.__evaluate_entry"), onEntry);
  assignable.assign(Symbol.for("jsonata.__evaluate_exit"), onExit);
}
