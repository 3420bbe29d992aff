// External tasks of a run (runner tasks): creating one for a `runner` step, and canceling it when the step stops waiting.
import { systemScope } from "../auth/principal";
import { cancelRunnerTask, insertRunnerTaskOnce } from "../db/repos/runners-tasks";
import type { CreateRunnerTaskRequest } from "../executors/types";
import { newId } from "../lib/ids";
import type { RunRecord } from "./run-store";

/**
 * Cancels the external task a step was waiting for (the run was canceled or the step timed out): a pending
 * task is never claimed, and a running one's runner hears `cancel: true` on its next heartbeat and kills the
 * process. Best effort and idempotent: the run has already moved on whatever happens here.
 */
export async function cancelExternal(
  env: Env,
  record: RunRecord,
  external: { kind: string; task_id: string },
): Promise<void> {
  if (external.kind !== "runner") return;
  await cancelRunnerTask(
    env.DB,
    systemScope(record.org_id, "a run cancels its own step's runner task"),
    external.task_id,
    Date.now(),
  );
}

/**
 * Queues a task for a runner matching `req.labels`; idempotent on `req.idempotency_key` (a recovered
 * attempt gets the same task). Always in the run's own org.
 */
export async function createRunnerTask(
  env: Env,
  record: RunRecord,
  req: CreateRunnerTaskRequest,
): Promise<{ task_id: string }> {
  const task = await insertRunnerTaskOnce(
    env.DB,
    systemScope(record.org_id, "a runner step queues a task in its own run's org"),
    {
      id: newId("rtk"),
      run_id: record.run_id,
      node_id: req.node_id,
      attempt: req.attempt,
      idempotency_key: req.idempotency_key,
      labels: req.labels,
      command: req.command,
      env: req.env,
      connection_env: req.connection_env ?? {},
      timeout_ms: req.timeout_ms,
      workdir: req.workdir ?? null,
    },
  );
  return { task_id: task.id };
}
