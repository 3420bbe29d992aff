/**
 * Contracts of self-hosted runners: registration (`/api/v1/runners`) and the protocol a runner speaks
 * (`/api/v1/runner/*`, authenticated by its `fxr_…` token).
 */
import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

/** A runner label: what a `runner` node asks for and a runner offers (e.g. `ansible`, `linux`). */
export const RunnerLabel = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,49}$/, "Use 1-50 lowercase letters, digits, or _ . -");

export const RunnerLabels = z.array(RunnerLabel).max(20);

export const CreateRunnerBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    labels: RunnerLabels.default([]),
  })
  .openapi("CreateRunnerRequest");

/** Online: seen within two lease periods; offline: seen before that; never_seen: never connected. */
export const RunnerStatus = z.enum(["online", "offline", "never_seen"]);
export type RunnerStatus = z.infer<typeof RunnerStatus>;

export const Runner = z
  .object({
    id: z.string(),
    name: z.string(),
    labels: z.array(z.string()),
    status: RunnerStatus,
    last_seen_at: Timestamp.nullable(),
    version: z.string().nullable(),
    current_task: z.object({ task_id: z.string(), job_id: z.string(), node_id: z.string() }).nullable(),
    created_at: Timestamp,
    revoked_at: Timestamp.nullable(),
  })
  .openapi("Runner");
export type Runner = z.infer<typeof Runner>;

export const CreatedRunner = z
  .object({
    runner: Runner,
    token: z.string().openapi({ description: "The runner's token (fxr_…); shown only in this response" }),
  })
  .openapi("CreatedRunner");

export const RunnerList = z.object({ items: z.array(Runner) }).openapi("RunnerList");

// ---- The protocol (runner → Fluxo).

/** Longest a claim may wait for work (the runner then asks again). */
export const MAX_CLAIM_WAIT_MS = 20_000;

export const ClaimBody = z
  .object({
    labels: RunnerLabels.default([]),
    version: z.string().trim().max(50).optional(),
    /** How long to wait for work before answering 204 (default and maximum 20 s). */
    wait_ms: z.number().int().min(0).max(MAX_CLAIM_WAIT_MS).optional(),
  })
  .openapi("RunnerClaimRequest");

/** A claimed task. `env` holds resolved connection secrets: the runner must never log it. */
export const ClaimedTask = z
  .object({
    task: z.object({
      id: z.string(),
      command: z.string(),
      env: z.record(z.string(), z.string()),
      /** Names of `env` entries whose values are secrets: the runner masks them in its output. */
      secret_env: z.array(z.string()),
      timeout_ms: z.number().int(),
      workdir: z.string().nullable(),
      job_id: z.string(),
      node_id: z.string(),
      attempt: z.number().int(),
      lease_s: z.number().int(),
    }),
  })
  .openapi("RunnerClaimedTask");
export type ClaimedTask = z.infer<typeof ClaimedTask>["task"];

export const TaskIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "rtk_0123456789abcdefghjk" }),
});

export const ArtifactParam = TaskIdParam.extend({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, "Use letters, digits, or . _ - (no slashes)")
    .openapi({ param: { name: "name", in: "path" }, example: "report.txt" }),
});

export const HeartbeatAnswer = z
  .object({ cancel: z.boolean(), lease_expires_at: Timestamp })
  .openapi("RunnerHeartbeat");

export const LogStream = z.enum(["stdout", "stderr"]);
export type LogStream = z.infer<typeof LogStream>;

/** One output line; longer lines are cut by the runner (and again here). */
export const MAX_LOG_LINE = 4_000;
export const MAX_LOG_LINES_PER_BATCH = 500;

export const RunnerLogLine = z.object({
  stream: LogStream,
  line: z.string().max(MAX_LOG_LINE * 4),
  at: z.number().int().nonnegative().optional(),
});
export type RunnerLogLine = z.infer<typeof RunnerLogLine>;

export const LogsBody = z
  .object({ lines: z.array(RunnerLogLine).max(MAX_LOG_LINES_PER_BATCH) })
  .openapi("RunnerLogsRequest");

export const CompleteBody = z
  .object({
    exit_code: z.number().int().min(-1).max(255),
    duration_ms: z.number().int().nonnegative(),
    /** The last output lines, for the step's output (the full log is in the run's logs). */
    stdout_tail: z.string().max(20_000).optional(),
    /** Set when the runner killed the process because it ran past its timeout. */
    timed_out: z.boolean().optional(),
  })
  .openapi("RunnerCompleteRequest");

export const Accepted = z.object({ ok: z.literal(true) }).openapi("RunnerAccepted");

export const ArtifactStored = z
  .object({ name: z.string(), key: z.string(), size: z.number().int() })
  .openapi("RunnerArtifactStored");

/** Largest artifact a runner uploads, per file: the API's body limit (`MAX_BODY_BYTES`, 1 MiB by default) applies. */
export const MAX_ARTIFACT_BYTES = 1024 * 1024;

/**
 * Most files a job keeps from its runners, and their total size: the job's `artifacts.tar.gz` is built in the
 * Worker's memory, so an unbounded number of uploads would make it impossible to write (or to rebuild on read).
 */
export const MAX_JOB_ARTIFACT_FILES = 50;
export const MAX_JOB_ARTIFACT_TOTAL_BYTES = 20 * 1024 * 1024;
