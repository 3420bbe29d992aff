// `condition` executor: `{ result: boolean }` from an expression's truthiness, for the engine to pick a branch.
import { evaluateField } from "./rendering";
import { succeeded } from "./results";
import type { Executor } from "./types";

/**
 * JSONata's effective boolean value (`$boolean`): empty string, 0, null, empty array/object, a function and a
 * missing value are false; an array is true when any item is (a one-item array is its item).
 * @example jsonataBoolean([0, ""]) // false; jsonataBoolean("no") // true
 */
export function jsonataBoolean(value: unknown): boolean {
  if (Array.isArray(value)) {
    if (value.length === 1) return jsonataBoolean(value[0]);
    return value.some((item) => jsonataBoolean(item));
  }
  switch (typeof value) {
    case "boolean":
      return value;
    case "string":
      return value.length > 0;
    case "number":
      return value !== 0 && !Number.isNaN(value);
    case "object":
      return value !== null && Object.keys(value).length > 0;
    default:
      return false;
  }
}

/**
 * Evaluates `config.expression` and outputs `{ result }`; the engine takes the edge labelled "true" or "false".
 * @example // config { expression: "input.amount > 100" }, input.amount 250 → output { result: true }
 */
export const executeCondition: Executor<"condition"> = async (input) => {
  const { expression } = input.node.config;
  const value = await evaluateField(input, "the condition", expression);
  return succeeded({ result: jsonataBoolean(value) }, { expression });
};
