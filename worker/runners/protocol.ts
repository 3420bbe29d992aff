/**
 * The Fluxo side of the runner protocol, behind the HTTP routes: claim (with connection secrets resolved
 * just in time), heartbeat, logs, artifacts, completion. Only the runner holding a task's lease may act on it.
 */
import { systemScope } from "../auth/principal";
import { resolveConnection } from "../connections/resolve";
import {
  type ClaimedTask,
  MAX_JOB_ARTIFACT_FILES,
  MAX_JOB_ARTIFACT_TOTAL_BYTES,
  type RunnerLogLine,
} from "../contracts/runners";
import type { RunnerRow } from "../db/repos/runners";
import {
  claimRunnerTask,
  finishRunnerTask,
  getRunnerTask,
  type RunnerTaskRow,
  renewLease,
} from "../db/repos/runners-tasks";
import type { ExternalOutcome } from "../engine/run/outcomes";
import { AppError } from "../errors";
import { describeError, log } from "../lib/log";
import { type Completion, completionOutcome, leaseSeconds } from "./rules";
import { maskLines, maskText, taskSecretValues } from "./secrets";

/** The lease length configured for this deployment (`RUNNER_LEASE_S`), in seconds. */
export function leaseSecondsOf(env: Env): number {
  // Read by name: the variable is declared in wrangler.toml [vars], which `wrangler types` may not have seen yet.
  return leaseSeconds(Reflect.get(env, "RUNNER_LEASE_S"));
}

function scopeOfRunner(runner: RunnerRow) {
  return systemScope(runner.orgId, "a runner acts in the org its token belongs to");
}

function runStub(env: Env, runId: string) {
  return env.RUNS.get(env.RUNS.idFromName(runId));
}

/** Hands the result to the run; stale results (another attempt, not waiting) are ignored by the engine. */
export async function deliverOutcome(env: Env, task: RunnerTaskRow, outcome: ExternalOutcome): Promise<boolean> {
  const result = await runStub(env, task.runId).externalResult(
    task.nodeId,
    task.attempt,
    task.id,
    JSON.stringify(outcome),
  );
  return result.changed;
}

/**
 * The labels a runner may claim with: what it asks for, limited to the labels it was registered with (a
 * runner registered without labels offers whatever it asks for).
 */
export function effectiveLabels(registered: readonly string[], asked: readonly string[]): string[] {
  if (registered.length === 0) return [...asked];
  const allowed = new Set(registered);
  return asked.filter((label) => allowed.has(label));
}

/** The environment with every `connection_env` entry resolved to its connection's secret. */
async function resolveEnv(
  env: Env,
  task: RunnerTaskRow,
  now: number,
): Promise<{ ok: true; env: Record<string, string>; secret: string[] } | { ok: false; outcome: ExternalOutcome }> {
  const out: Record<string, string> = { ...task.env };
  const secret: string[] = [];
  for (const [name, connectionId] of Object.entries(task.connectionEnv)) {
    let value: string | undefined;
    try {
      const conn = await resolveConnection(env, task.orgId, connectionId, now);
      // The connection's primary secret: the token, API key, password or first header value.
      value = conn?.secretValues?.[0];
    } catch (err) {
      log("warn", "runner: resolving a connection failed", { task_id: task.id, error: describeError(err) });
    }
    if (value === undefined) {
      return {
        ok: false,
        outcome: {
          kind: "failed",
          error: {
            code: "connection_not_found",
            message_human: `The connection for ${name} doesn't exist or can't be read`,
            message_tech: `connection_env.${name} = ${connectionId} did not resolve`,
            retryable: false,
          },
        },
      };
    }
    out[name] = value;
    secret.push(name);
  }
  return { ok: true, env: out, secret };
}

/** Claims one task for the runner, or null when none fits now. A task whose secrets can't be resolved fails. */
export async function claimOnce(
  env: Env,
  runner: RunnerRow,
  labels: readonly string[],
  now: number,
): Promise<ClaimedTask | null> {
  const scope = scopeOfRunner(runner);
  const leaseS = leaseSecondsOf(env);
  for (;;) {
    const task = await claimRunnerTask(env.DB, scope, { runnerId: runner.id, labels, now, leaseMs: leaseS * 1000 });
    if (!task) return null;
    const resolved = await resolveEnv(env, task, now);
    if (!resolved.ok) {
      // The run hears first (as in `complete`): a crash in between leaves a leased task that expires and is
      // claimed again, never a step waiting for a task already marked done.
      await deliverOutcome(env, task, resolved.outcome);
      await finishRunnerTask(env.DB, scope, task.id, runner.id, { status: "failed", exitCode: -1, now });
      continue;
    }
    log("info", "runner: task claimed", {
      task_id: task.id,
      runner_id: runner.id,
      run_id: task.runId,
      claims: task.claims,
    });
    return {
      id: task.id,
      command: task.command,
      env: resolved.env,
      secret_env: resolved.secret,
      timeout_ms: task.timeoutMs,
      workdir: task.workdir,
      job_id: task.runId,
      node_id: task.nodeId,
      attempt: task.attempt,
      lease_s: leaseS,
    };
  }
}

/** The task, if it belongs to the runner's org (404 otherwise: another org's task doesn't exist for it). */
export async function taskOfRunner(env: Env, runner: RunnerRow, taskId: string): Promise<RunnerTaskRow> {
  const task = await getRunnerTask(env.DB, scopeOfRunner(runner), taskId);
  if (!task) throw new AppError("not_found", "No such task");
  return task;
}

function leaseLost(task: RunnerTaskRow): AppError {
  return new AppError("lease_lost", "This runner no longer holds the task's lease; stop the process", {
    details: { task_id: task.id, status: task.status },
  });
}

/** Whether the runner holds the task now (leased to it; an expired lease that nobody took over still counts). */
function holds(task: RunnerTaskRow, runner: RunnerRow): boolean {
  return task.runnerId === runner.id && task.status === "leased";
}

/** Renews the lease; `cancel` tells the runner to kill the process (the run was canceled or the step timed out). */
export async function heartbeat(
  env: Env,
  runner: RunnerRow,
  taskId: string,
  now: number,
): Promise<{ cancel: boolean; lease_expires_at: string }> {
  const task = await taskOfRunner(env, runner, taskId);
  if (task.runnerId === runner.id && task.status === "canceled") {
    return { cancel: true, lease_expires_at: new Date(now).toISOString() };
  }
  if (!holds(task, runner)) throw leaseLost(task);
  const until = now + leaseSecondsOf(env) * 1000;
  const renewed = await renewLease(env.DB, scopeOfRunner(runner), taskId, runner.id, until, now);
  if (!renewed) throw leaseLost(task);
  return { cancel: false, lease_expires_at: new Date(until).toISOString() };
}

/** Forwards output lines to the run (its logs, and live to its watchers), the task's secrets masked. */
export async function appendLogs(
  env: Env,
  runner: RunnerRow,
  taskId: string,
  lines: readonly RunnerLogLine[],
): Promise<void> {
  const task = await taskOfRunner(env, runner, taskId);
  if (!holds(task, runner)) throw leaseLost(task);
  if (lines.length === 0) return;
  const masked = maskLines(lines, await taskSecretValues(env, task));
  await runStub(env, task.runId).appendExternalLogs(task.nodeId, JSON.stringify(masked));
}

/**
 * Refuses (413) an upload that would take the job past its file count or total size; replacing a file with the
 * same name only counts the new size. One listing page suffices: the count cap is far below R2's page size.
 */
async function checkArtifactRoom(env: Env, jobId: string, key: string, size: number): Promise<void> {
  const listed = await env.ARTIFACTS.list({ prefix: `artifacts/${jobId}/files/`, limit: 1_000 });
  const others = listed.objects.filter((o) => o.key !== key);
  const total = others.reduce((sum, o) => sum + o.size, 0) + size;
  if (others.length + 1 > MAX_JOB_ARTIFACT_FILES || total > MAX_JOB_ARTIFACT_TOTAL_BYTES) {
    throw new AppError(
      "payload_too_large",
      `A job keeps at most ${MAX_JOB_ARTIFACT_FILES} uploaded files and ${MAX_JOB_ARTIFACT_TOTAL_BYTES / (1024 * 1024)} MiB in all`,
      { details: { files: others.length, bytes: total - size } },
    );
  }
}

/** Stores an uploaded file under the job's artifacts (`artifacts/<job_id>/files/<name>`), within the job's caps. */
export async function storeArtifact(
  env: Env,
  runner: RunnerRow,
  taskId: string,
  file: { name: string; body: ArrayBuffer; contentType: string },
): Promise<{ name: string; key: string; size: number }> {
  const task = await taskOfRunner(env, runner, taskId);
  if (!holds(task, runner)) throw leaseLost(task);
  const key = `artifacts/${task.runId}/files/${file.name}`;
  await checkArtifactRoom(env, task.runId, key, file.body.byteLength);
  await env.ARTIFACTS.put(key, file.body, { httpMetadata: { contentType: file.contentType } });
  return { name: file.name, key, size: file.body.byteLength };
}

/**
 * Reports the process's end: the step succeeds (exit 0) or fails (`runner_exit_nonzero`). The run hears it
 * first, then the task is marked, so a crash in between is repaired by the runner's retry (the engine
 * ignores the duplicate). A canceled task takes no result.
 */
export async function complete(env: Env, runner: RunnerRow, taskId: string, done: Completion, now: number) {
  const task = await taskOfRunner(env, runner, taskId);
  if (task.runnerId === runner.id && task.status === "canceled") return;
  if (task.runnerId === runner.id && (task.status === "succeeded" || task.status === "failed")) return; // a retried call
  if (!holds(task, runner)) throw leaseLost(task);
  // The tail becomes the step's output (or its error's details): masked like the log lines.
  const stdoutTail = maskText(done.stdout_tail, await taskSecretValues(env, task));
  const outcome = completionOutcome(stdoutTail === undefined ? done : { ...done, stdout_tail: stdoutTail });
  await deliverOutcome(env, task, outcome);
  await finishRunnerTask(env.DB, scopeOfRunner(runner), taskId, runner.id, {
    status: outcome.kind === "succeeded" ? "succeeded" : "failed",
    exitCode: done.exit_code,
    now,
  });
}
