/**
 * Triggers: cron schedules (one per workflow), webhook triggers (sealed secrets), event triggers
 * (start a workflow when another one's run finishes), and the `scheduled_starts` outbox that makes
 * a claimed schedule's run start survive a lost queue message.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const schedules = sqliteTable(
  "schedules",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    cron: text("cron").notNull(),
    timezone: text("timezone").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    missedRunPolicy: text("missed_run_policy", { enum: ["skip", "run_once"] })
      .notNull()
      .default("skip"),
    /** The next due time (ms); NULL while disabled. The cron claims a schedule by moving it (compare-and-set). */
    nextRunAt: integer("next_run_at"),
    /** Due time of the last run the scheduler started (ms). */
    lastScheduledRun: integer("last_scheduled_run"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("schedules_workflow_idx").on(t.workflowId),
    index("schedules_due_idx").on(t.enabled, t.nextRunAt),
    index("schedules_org_idx").on(t.orgId),
  ],
);

export const webhookTriggers = sqliteTable(
  "webhook_triggers",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    name: text("name").notNull().default(""),
    /** `v1:<keyid>:<iv>:<ciphertext>` (secret-box), bound to the trigger id as AAD. */
    secretCiphertext: text("secret_ciphertext").notNull(),
    secretMask: text("secret_mask").notNull(),
    mode: text("mode", { enum: ["async", "sync"] })
      .notNull()
      .default("async"),
    syncTimeoutMs: integer("sync_timeout_ms").notNull().default(10_000),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(60),
    /** Calls in the same window of this many ms start one run (window coalescing); NULL = off. */
    debounceMs: integer("debounce_ms"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    lastUsedAt: integer("last_used_at"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [index("webhook_triggers_workflow_idx").on(t.orgId, t.workflowId, t.createdAt)],
);

export const eventTriggers = sqliteTable(
  "event_triggers",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    /** The workflow this trigger starts. */
    workflowId: text("workflow_id").notNull(),
    /** The workflow whose finished runs fire it. */
    sourceWorkflowId: text("source_workflow_id").notNull(),
    on: text("on", { enum: ["completed", "failed", "any"] }).notNull(),
    debounceMs: integer("debounce_ms"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("event_triggers_source_idx").on(t.orgId, t.sourceWorkflowId),
    uniqueIndex("event_triggers_pair_idx").on(t.workflowId, t.sourceWorkflowId),
  ],
);

/**
 * Outbox of claimed schedule occurrences: written in the same D1 batch as the claim, so a run start
 * is never lost between the claim and the queue. One row per (schedule, due time).
 */
export const scheduledStarts = sqliteTable(
  "scheduled_starts",
  {
    scheduleId: text("schedule_id").notNull(),
    dueAt: integer("due_at").notNull(),
    orgId: text("org_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    status: text("status", { enum: ["pending", "done", "failed"] })
      .notNull()
      .default("pending"),
    /** Consumer attempts so far. */
    attempts: integer("attempts").notNull().default(0),
    runId: text("run_id"),
    error: text("error"),
    /** Last time a queue message was sent for it; the cron re-sends pending rows older than 2 minutes. */
    enqueuedAt: integer("enqueued_at").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.scheduleId, t.dueAt] }),
    index("scheduled_starts_pending_idx").on(t.status, t.enqueuedAt),
  ],
);
