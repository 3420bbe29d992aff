// `subworkflow` executor: starts a child run (once per step and run) and waits for it, or just reports its id.
import { stepKey } from "./idempotency";
import { renderFieldValue } from "./rendering";
import { dryRunPreview, isDryRunPreview, succeeded, waiting } from "./results";
import type { Executor } from "./types";

/**
 * Renders `config.input` and calls `startChildRun` with the idempotency key `${run_id}:${node_id}` (see
 * `stepKey`). `wait: true` (default) waits with `{ reason: "child", child_run_id }`; the engine completes the
 * step with the child's output. `wait: false` succeeds with `{ child_run_id }`. A dry run starts nothing.
 */
export const executeSubworkflow: Executor<"subworkflow"> = async (input, services) => {
  const { node, run } = input;
  const { workflow_id, version, wait } = node.config;
  const childInput = await renderFieldValue(input, "the child run's input", node.config.input ?? {});
  const data_in = { workflow_id, ...(version === undefined ? {} : { version }), input: childInput, wait };
  if (isDryRunPreview(input)) return dryRunPreview(data_in, data_in);
  const { child_run_id } = await services.startChildRun({
    workflow_id,
    ...(version === undefined ? {} : { version }),
    input: childInput,
    idempotency_key: stepKey(run.id, node.id),
    parent: {
      run_id: run.id,
      node_id: node.id,
      attempt: input.attempt,
      org_id: run.org_id,
      correlation_id: run.correlation_id,
    },
  });
  if (!wait) return succeeded({ child_run_id }, data_in);
  return waiting({ reason: "child", child_run_id }, data_in);
};
