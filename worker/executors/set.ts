// `set` executor: outputs an object whose values are templates rendered against the run's data.
import { orNull, renderFieldValue } from "./rendering";
import { succeeded } from "./results";
import type { Executor } from "./types";

/**
 * Renders every template inside `config.values`; a lone `{{ expr }}` keeps its type.
 * @example // values { id: "{{ input.id }}", greeting: "Hi {{ input.name }}" } → { id: 42, greeting: "Hi Ada" }
 */
export const executeSet: Executor<"set"> = async (input) => {
  const rendered = await renderFieldValue(input, "the values", input.node.config.values);
  // A value whose expression found nothing is kept as null: a dropped key would surprise `steps.x.output.key`.
  const values = Object.fromEntries(
    Object.entries(rendered as Record<string, unknown>).map(([k, v]) => [k, orNull(v)]),
  );
  return succeeded(values, { values });
};
