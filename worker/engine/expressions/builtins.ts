/**
 * JSONata's built-in functions, wrapped so the budget sees what they allocate.
 *
 * Why wrap them all: a function call in tail position of a lambda is run by JSONata's trampoline without the
 * evaluate-exit hook, so `$map([1..1000], function() { $uppercase($big) })` would build 1,000 big strings before
 * any hook saw one. Every built-in therefore charges what it returns (text length, array length, object keys)
 * to `maxAllocatedBytes`, and the ones that can build a huge value in one call are refused before they run.
 */
import jsonata from "jsonata";
import {
  chargeAllocation,
  chargeSteps,
  type EvaluationState,
  isFunctionValue,
  measure,
  stateOfFocus,
  tooLarge,
} from "./budget";
import { ExpressionError } from "./errors";

/** JSONata's built-ins (see `staticFrame.bind` in node_modules/jsonata/jsonata.js). `$eval` is replaced, not wrapped. */
// biome-ignore format: a table reads better than one name per line
const BUILTIN_NAMES = [
  "sum", "count", "max", "min", "average", "string", "substring", "substringBefore", "substringAfter", "lowercase",
  "uppercase", "length", "trim", "pad", "match", "contains", "replace", "split", "join", "formatNumber", "formatBase",
  "formatInteger", "parseInteger", "number", "floor", "ceil", "round", "abs", "sqrt", "power", "random", "boolean",
  "not", "map", "zip", "filter", "single", "reduce", "sift", "keys", "lookup", "append", "exists", "spread", "merge",
  "reverse", "each", "error", "assert", "type", "sort", "shuffle", "distinct", "base64encode", "base64decode",
  "encodeUrlComponent", "encodeUrl", "decodeUrlComponent", "decodeUrl", "toMillis", "fromMillis", "clone",
] as const;
type BuiltinName = (typeof BUILTIN_NAMES)[number];

interface NativeFunction {
  implementation: (this: unknown, ...args: unknown[]) => unknown;
  signature?: { definition?: string };
}

let originals: ReadonlyMap<BuiltinName, NativeFunction> | undefined;

/** Loads JSONata's original built-ins once (evaluating `$pad` yields JSONata's own function object). */
export async function loadBuiltins(): Promise<void> {
  if (originals) return;
  const loaded = new Map<BuiltinName, NativeFunction>();
  for (const name of BUILTIN_NAMES) loaded.set(name, (await jsonata(`$${name}`).evaluate(null)) as NativeFunction);
  originals = loaded;
}

function original(name: BuiltinName): NativeFunction {
  const found = originals?.get(name);
  if (!found)
    throw new ExpressionError("expression_failed", "Internal error", { detail: `built-in ${name} not loaded` });
  return found;
}

/** Calls JSONata's original implementation of a built-in (after `loadBuiltins`). */
export function callOriginal(name: BuiltinName, self: unknown, args: unknown[]): unknown {
  return original(name).implementation.apply(self, args);
}

/** Refuses calls that would build a huge value in one go; runs before the original. */
type PreCheck = (state: EvaluationState, args: unknown[]) => unknown[] | Promise<unknown[]>;

const checkPad: PreCheck = (state, args) => {
  const [, width, char] = args;
  const { maxBytes, maxAllocatedBytes } = state.meter.budget;
  const wanted = typeof width === "number" ? Math.abs(Math.trunc(width)) : 0;
  // JSONata builds the padding as width × char.length before trimming it, so bound both.
  const charLength = typeof char === "string" && char.length > 0 ? char.length : 1;
  if (wanted > maxBytes || wanted * charLength > maxAllocatedBytes)
    throw tooLarge("a padded string", maxBytes, "characters");
  return args;
};

const checkJoin: PreCheck = (state, args) => {
  const [strings, separator] = args;
  const list = Array.isArray(strings) ? strings : [strings];
  let total = (typeof separator === "string" ? separator.length : 0) * Math.max(0, list.length - 1);
  for (const item of list) total += typeof item === "string" ? item.length : 0;
  if (total > state.meter.budget.maxBytes) throw tooLarge("a joined string", state.meter.budget.maxBytes, "characters");
  return args;
};

interface MatchLike {
  match: string;
  next?: () => unknown;
}

const checkReplace: PreCheck = async (state, args) => {
  const [str, pattern, replacement, limit] = args;
  const max = state.meter.budget.maxBytes;
  if (typeof str !== "string") return args;
  if (typeof replacement === "function") {
    // A function replacement: count what it returns as the original calls it.
    let produced = str.length;
    const counted = async (...callArgs: unknown[]) => {
      const value = await replacement(...callArgs);
      produced += typeof value === "string" ? value.length : 0;
      if (produced > max) throw tooLarge("a replaced string", max, "characters");
      return value;
    };
    return [str, pattern, counted, limit];
  }
  if (typeof replacement !== "string" || replacement.length === 0) return args;
  // Count the matches first, so the result's size is known before JSONata builds it.
  const cap = typeof limit === "number" ? limit : Number.POSITIVE_INFINITY;
  let count = 0;
  let longest = 0;
  if (typeof pattern === "string" && pattern.length > 0) {
    for (let at = str.indexOf(pattern); at !== -1 && count < cap; at = str.indexOf(pattern, at + pattern.length)) {
      count += 1;
    }
    longest = pattern.length;
  } else if (typeof pattern === "function") {
    let match = (await pattern(str)) as MatchLike | undefined;
    while (match && count < cap) {
      count += 1;
      longest = Math.max(longest, match.match.length);
      match = (await match.next?.()) as MatchLike | undefined;
    }
    chargeSteps(state, Math.floor(count / 100));
  }
  // `$0`, `$1`… in the replacement expand to (parts of) the match.
  const each = replacement.includes("$") ? replacement.length * Math.max(1, longest) : replacement.length;
  if (str.length + count * each > max) throw tooLarge("a replaced string", max, "characters");
  return args;
};

const PRE_CHECKS: Partial<Record<BuiltinName, PreCheck>> = {
  pad: checkPad,
  join: checkJoin,
  replace: checkReplace,
  // $distinct compares every pair: charge for that work.
  distinct: (state, args) => {
    const [values] = args;
    if (Array.isArray(values)) chargeSteps(state, Math.floor((values.length * values.length) / 200));
    return args;
  },
  // Stringifying a value that shares sub-values many times could explode: measure it first.
  string: (state, args) => {
    measure(args[0], state, state.meter.budget.maxBytes);
    return args;
  },
};

/** What a built-in returned, charged shallowly: the elements were charged when they were made. */
function charge(state: EvaluationState, result: unknown): void {
  const { maxBytes, maxItems } = state.meter.budget;
  if (typeof result === "string") {
    if (result.length > maxBytes) throw tooLarge("a string", maxBytes, "characters");
    chargeAllocation(state, result.length);
  } else if (Array.isArray(result)) {
    if (result.length > maxItems) throw tooLarge("an array", maxItems, "items");
    chargeAllocation(state, result.length * 8);
  } else if (typeof result === "object" && result !== null && !isFunctionValue(result)) {
    chargeAllocation(state, Object.keys(result).length * 16);
  }
}

function guarded(name: BuiltinName): (this: jsonata.Focus, ...args: unknown[]) => Promise<unknown> {
  const implementation = original(name).implementation;
  const preCheck = PRE_CHECKS[name];
  async function guard(this: jsonata.Focus, ...args: unknown[]): Promise<unknown> {
    const state = stateOfFocus(this);
    const checkedArgs = preCheck ? await preCheck(state, args) : args;
    const result = await implementation.apply(this, checkedArgs);
    charge(state, result);
    return result;
  }
  // Higher-order built-ins decide how many arguments to pass a function by its `length` (JSONata's
  // getFunctionArity), so `$map(xs, $uppercase)` must still see $uppercase's arity.
  Object.defineProperty(guard, "length", { value: implementation.length });
  return guard;
}

function disabledEval(): never {
  // $eval runs text as code: it would hide references from validation and regexes from the safety check.
  throw new ExpressionError("expression_failed", "$eval is not available in Fluxo expressions", {
    detail: "$eval is disabled",
  });
}

const guardedExpressions = new WeakSet<jsonata.Expression>();

/** Replaces the built-ins of a compiled expression with guarded ones (once; after `loadBuiltins`). */
export function guardBuiltins(expression: jsonata.Expression): void {
  if (guardedExpressions.has(expression)) return;
  for (const name of BUILTIN_NAMES) {
    // Same signature as JSONata's own registration, so argument checking and context defaults are unchanged.
    expression.registerFunction(name, guarded(name), original(name).signature?.definition);
  }
  expression.registerFunction("eval", disabledEval, "<sx?:x>");
  guardedExpressions.add(expression);
}
