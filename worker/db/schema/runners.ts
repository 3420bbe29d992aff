/** Self-hosted runners (hashed tokens, labels, last seen) and the tasks `runner` steps hand them. */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const runners = sqliteTable(
  "runners",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    /** JSON array of labels the runner offers. */
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Public lookup handle of the token (`fxr_<prefix>_…`). */
    tokenPrefix: text("token_prefix").notNull(),
    /** SHA-256 of the whole token; the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    version: text("version"),
    lastSeenAt: integer("last_seen_at"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("runners_token_prefix_idx").on(t.tokenPrefix), index("runners_org_idx").on(t.orgId)],
);

export const RUNNER_TASK_STATUSES = ["pending", "leased", "succeeded", "failed", "canceled"] as const;
export type RunnerTaskStatus = (typeof RUNNER_TASK_STATUSES)[number];

export const runnerTasks = sqliteTable(
  "runner_tasks",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    /** The run (a job is a run) whose step this task is. */
    runId: text("run_id").notNull(),
    nodeId: text("node_id").notNull(),
    /** The step attempt that created the task; results for other attempts are stale. */
    attempt: integer("attempt").notNull(),
    /** `${run_id}:${node_id}:${attempt}`: a recovered attempt gets the same task. */
    idempotencyKey: text("idempotency_key").notNull(),
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull().default([]),
    command: text("command").notNull(),
    /** The non-secret environment (rendered templates). */
    env: text("env", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    /** ENV_NAME → connection id: resolved (decrypted) only when a runner claims the task, never stored. */
    connectionEnv: text("connection_env", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    timeoutMs: integer("timeout_ms").notNull(),
    workdir: text("workdir"),
    status: text("status", { enum: RUNNER_TASK_STATUSES }).notNull().default("pending"),
    runnerId: text("runner_id"),
    leaseExpiresAt: integer("lease_expires_at"),
    /** How many times the task was claimed (a claim after a lost lease counts again). */
    claims: integer("claims").notNull().default(0),
    exitCode: integer("exit_code"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    completedAt: integer("completed_at"),
  },
  (t) => [
    uniqueIndex("runner_tasks_idempotency_idx").on(t.idempotencyKey),
    index("runner_tasks_org_status_idx").on(t.orgId, t.status),
    index("runner_tasks_run_idx").on(t.runId, t.nodeId),
  ],
);
