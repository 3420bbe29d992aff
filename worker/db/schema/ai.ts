/** AI operations: stored diagnoses of failed runs and proposed plans of runbook jobs (nothing runs until approved). */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const aiDiagnoses = sqliteTable(
  "ai_diagnoses",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    runId: text("run_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    /** The run's error code when diagnosed (for "similar failures"). */
    errorCode: text("error_code"),
    /** The validated answer as served: summary, hypotheses, suggested actions, similar failures, notes. */
    answer: text("answer", { mode: "json" }).notNull(),
    model: text("model").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("ai_diagnoses_org_run_idx").on(t.orgId, t.runId, t.createdAt)],
);

export const aiPlans = sqliteTable(
  "ai_plans",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    /** The failed run the plan is meant to fix, if any. */
    runId: text("run_id"),
    goal: text("goal").notNull(),
    /** proposed → approved | rejected, once (compare-and-set on `status`). */
    status: text("status", { enum: ["proposed", "approved", "rejected"] }).notNull(),
    /** JSON array of `PlanStep` (job ids and start errors filled in on approval). */
    steps: text("steps", { mode: "json" }).notNull(),
    /** JSON array of `{ runbook, reason }`: what the model proposed that failed validation. */
    rejected: text("rejected", { mode: "json" }).notNull(),
    model: text("model").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    decidedBy: text("decided_by"),
    decidedAt: integer("decided_at"),
  },
  (t) => [
    index("ai_plans_org_created_idx").on(t.orgId, t.createdAt),
    index("ai_plans_org_run_idx").on(t.orgId, t.runId),
  ],
);
