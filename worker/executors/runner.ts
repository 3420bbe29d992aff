// `runner` executor: renders the command and env, queues a task for a self-hosted runner, and waits for its result.
import { StepFailure } from "../engine/run/errors";
import { asText, renderField } from "./rendering";
import { dryRunPreview, isDryRunPreview, waiting } from "./results";
import type { CreateRunnerTaskRequest, Executor } from "./types";

/** The process timeout when neither the node nor its deadline gives one (should not happen: deadlines exist). */
const FALLBACK_TIMEOUT_MS = 3_600_000;

/**
 * Renders `command` and every `env` value, then calls `createRunnerTask` with the attempt's idempotency key (a
 * recovered attempt gets the same task) and waits `{ reason: "external", external: { kind: "runner", task_id } }`.
 * The step's own deadline bounds the whole wait; `timeout_ms` bounds the process once a runner started it.
 * Connection secrets are not resolved here: only their ids travel, and the runner gets the values at claim time.
 * A dry run queues nothing and previews the command.
 */
export const executeRunner: Executor<"runner"> = async (input, services) => {
  const { node, run } = input;
  const config = node.config;
  const command = asText(await renderField(input, "the command", config.command));
  const env: Record<string, string> = {};
  for (const [name, template] of Object.entries(config.env ?? {})) {
    env[name] = asText(await renderField(input, `env “${name}”`, template));
  }
  const timeout_ms = config.timeout_ms ?? Math.max(1_000, input.deadline - input.now || FALLBACK_TIMEOUT_MS);
  const data_in = {
    command,
    labels: config.labels,
    env,
    connection_env: config.connection_env ?? {},
    timeout_ms,
    workdir: config.workdir ?? null,
  };
  if (isDryRunPreview(input)) return dryRunPreview(data_in, data_in);
  if (!services.createRunnerTask) {
    throw new StepFailure({
      code: "not_available",
      message_human: "This step needs a self-hosted runner, and runners are not available here",
      message_tech: "createRunnerTask service is not bound",
      retryable: false,
    });
  }
  const request: CreateRunnerTaskRequest = {
    run_id: run.id,
    node_id: node.id,
    attempt: input.attempt,
    idempotency_key: input.idempotencyKey,
    labels: config.labels,
    command,
    env,
    timeout_ms,
    connection_env: config.connection_env ?? {},
    workdir: config.workdir ?? null,
  };
  const { task_id } = await services.createRunnerTask(request);
  return waiting({ reason: "external", external: { kind: "runner", task_id } }, { ...data_in, task_id });
};
