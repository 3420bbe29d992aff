/**
 * Pure rules of self-hosted runners: status from last-seen, label matching, leases, what a runner's exit
 * code means for the step, and how its output lines become run log lines.
 */
import type { RunnerLogLine, RunnerStatus } from "../contracts/runners";
import { MAX_LOG_LINE } from "../contracts/runners";
import type { ExternalOutcome } from "../engine/run/outcomes";

/** Default lease (seconds) when `RUNNER_LEASE_S` is unset or invalid. */
export const DEFAULT_LEASE_S = 30;

/**
 * The lease length from the `RUNNER_LEASE_S` variable (1–3600 s), else {@link DEFAULT_LEASE_S}.
 * @example leaseSeconds("4") // 4
 */
export function leaseSeconds(raw: unknown): number {
  const value = typeof raw === "string" ? Number(raw) : typeof raw === "number" ? raw : Number.NaN;
  return Number.isInteger(value) && value >= 1 && value <= 3600 ? value : DEFAULT_LEASE_S;
}

/**
 * Online when seen within two lease periods (a runner long-polls and heartbeats well inside one).
 * @example runnerStatus(null, now, 30) // "never_seen"
 */
export function runnerStatus(lastSeenAt: number | null, now: number, leaseS: number): RunnerStatus {
  if (lastSeenAt === null) return "never_seen";
  return now - lastSeenAt <= 2 * leaseS * 1000 ? "online" : "offline";
}

/**
 * A runner may take a task when it offers every label the task asks for (a task without labels fits any runner).
 * @example labelsSatisfy(["ansible"], ["ansible", "linux"]) // true
 */
export function labelsSatisfy(taskLabels: readonly string[], runnerLabels: readonly string[]): boolean {
  const offered = new Set(runnerLabels);
  return taskLabels.every((label) => offered.has(label));
}

/** A task a runner may claim: waiting for one, or held by a runner whose lease ran out (it died). */
export function isClaimable(task: { status: string; leaseExpiresAt: number | null }, now: number): boolean {
  if (task.status === "pending") return true;
  return task.status === "leased" && task.leaseExpiresAt !== null && task.leaseExpiresAt <= now;
}

/** What the runner reported when its process ended. */
export interface Completion {
  exit_code: number;
  duration_ms: number;
  stdout_tail?: string;
  timed_out?: boolean;
}

/**
 * The step's outcome for a finished process: exit 0 succeeds with the exit code and the output's tail; anything
 * else fails, not retryable (the same command fails the same way; a dead runner is a lost lease, not this).
 * @example completionOutcome({ exit_code: 3, duration_ms: 10 }).kind // "failed"
 */
export function completionOutcome(done: Completion): ExternalOutcome {
  const tail = done.stdout_tail ?? "";
  if (done.exit_code === 0 && !done.timed_out) {
    return { kind: "succeeded", output: { exit_code: 0, duration_ms: done.duration_ms, stdout_tail: tail } };
  }
  if (done.timed_out) {
    return {
      kind: "failed",
      error: {
        code: "runner_timeout",
        message_human: `The command ran longer than its timeout and was stopped after ${Math.round(done.duration_ms / 1000)} s`,
        message_tech: `runner killed the process after ${done.duration_ms} ms (exit code ${done.exit_code})`,
        retryable: false,
      },
    };
  }
  return {
    kind: "failed",
    error: {
      code: "runner_exit_nonzero",
      message_human: `The command exited with code ${done.exit_code}`,
      message_tech: `exit_code=${done.exit_code} duration_ms=${done.duration_ms}${tail ? ` tail=${tail.slice(-500)}` : ""}`,
      retryable: false,
    },
  };
}

/** A run log line made from a runner's output line (the run store's log shape, domain `runner`). */
export interface RunnerRunLogLine {
  ts: number;
  level: "ok" | "warn";
  domain: "runner";
  message_human: string;
  details_tech: string | null;
  step_id: string;
}

/**
 * Run log lines for a batch of output lines: stderr is `warn`, long lines are cut, `at` defaults to `now`
 * and is clamped into the past (a runner's clock may run ahead).
 */
export function runnerLogLines(nodeId: string, lines: readonly RunnerLogLine[], now: number): RunnerRunLogLine[] {
  return lines.map((l) => ({
    ts: l.at === undefined ? now : Math.min(l.at, now),
    level: l.stream === "stderr" ? "warn" : "ok",
    domain: "runner",
    message_human: l.line.length > MAX_LOG_LINE ? `${l.line.slice(0, MAX_LOG_LINE)}…` : l.line,
    details_tech: l.stream,
    step_id: nodeId,
  }));
}
