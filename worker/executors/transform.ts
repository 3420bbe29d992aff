// `transform` executor: the output is the value of one expression over the run's data.
import { evaluateField, orNull } from "./rendering";
import { succeeded } from "./results";
import type { Executor } from "./types";

/**
 * Evaluates `config.expression`; a missing result (`undefined`) becomes `null`.
 * @example // config { expression: "input.items.price" } → output [5, 15]
 */
export const executeTransform: Executor<"transform"> = async (input) => {
  const { expression } = input.node.config;
  const value = await evaluateField(input, "the expression", expression);
  return succeeded(orNull(value), { expression });
};
