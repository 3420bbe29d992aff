// `switch` executor: `{ value }` from an expression; the engine matches String(value) against the edge labels.
import { evaluateField, orNull } from "./rendering";
import { succeeded } from "./results";
import type { Executor } from "./types";

/**
 * Evaluates `config.expression` and outputs `{ value }` (a missing value is `null`). Matching the cases, and
 * falling back to "default", is the engine's job.
 * @example // config { expression: "input.kind", cases: ["a", "b"] }, input.kind "b" → output { value: "b" }
 */
export const executeSwitch: Executor<"switch"> = async (input) => {
  const { expression, cases } = input.node.config;
  const value = await evaluateField(input, "the switch expression", expression);
  return succeeded({ value: orNull(value) }, { expression, cases });
};
