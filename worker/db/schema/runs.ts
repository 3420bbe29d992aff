/**
 * The runs index: one row per run, kept in step with its `RunObject` (the source of truth) on every
 * status change. Used for listing, search, access checks and the stuck-run reaper.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    version: integer("version").notNull(),
    status: text("status").notNull(),
    waitReason: text("wait_reason"),
    triggerType: text("trigger_type").notNull(),
    /** Principal that started it (user, API key, schedule, trigger). */
    createdBy: text("created_by").notNull(),
    /** The user whose concurrency slots the run uses (null for system-started runs). */
    userId: text("user_id"),
    correlationId: text("correlation_id").notNull(),
    parentRunId: text("parent_run_id"),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull().default(false),
    progress: integer("progress").notNull().default(0),
    errorCode: text("error_code"),
    errorHuman: text("error_human"),
    createdAt: integer("created_at").notNull().default(now),
    startedAt: integer("started_at"),
    completedAt: integer("completed_at"),
    updatedAt: integer("updated_at").notNull().default(now),
    /** When the run must be over (run timeout); the reaper looks past it. */
    deadlineAt: integer("deadline_at"),
    /** `workflow`, or `job` for a run of a runbook (migration 0011). */
    kind: text("kind", { enum: ["workflow", "job"] })
      .notNull()
      .default("workflow"),
    /** The runbook a job runs (null for workflow runs). */
    runbook: text("runbook"),
    /** A job's inputs as the operator gave them (JSON; null for workflow runs). */
    jobInputs: text("job_inputs", { mode: "json" }),
    /** Where a job came from, e.g. `{"kind":"ai_plan","plan_id":…}` (JSON; null when started by a person). */
    source: text("source", { mode: "json" }),
  },
  (t) => [
    index("runs_org_kind_created_idx").on(t.orgId, t.kind, t.createdAt, t.id),
    index("runs_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("runs_org_status_idx").on(t.orgId, t.status),
    index("runs_org_workflow_idx").on(t.orgId, t.workflowId, t.createdAt),
    index("runs_status_updated_idx").on(t.status, t.updatedAt),
  ],
);

/** `Idempotency-Key` on run start: the same key returns the same run for 24 h. */
export const runIdempotency = sqliteTable(
  "run_idempotency",
  {
    orgId: text("org_id").notNull(),
    key: text("key").notNull(),
    runId: text("run_id").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);
