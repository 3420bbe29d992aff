/**
 * Workflow catalog: a workflow with a mutable draft (optimistic concurrency by `draft_revision`)
 * and immutable numbered versions (the database refuses UPDATE and DELETE on versions).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const workflows = sqliteTable(
  "workflows",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** JSON array of strings. */
    tags: text("tags", { mode: "json" }).notNull().default("[]"),
    isTemplate: integer("is_template", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["active", "archived"] })
      .notNull()
      .default("active"),
    /** The editable graph (JSON); validated on publish, saved as-is on draft saves. */
    draftGraph: text("draft_graph", { mode: "json" }).notNull(),
    /** Increments on every draft save; a save naming an older revision is a 409. */
    draftRevision: integer("draft_revision").notNull().default(1),
    /** Highest published version number (0 = never published). */
    latestVersion: integer("latest_version").notNull().default(0),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    archivedAt: integer("archived_at"),
    /** Set on the hidden workflow instantiated from a runbook (one per org and runbook; migration 0011). */
    runbook: text("runbook"),
  },
  (t) => [
    index("workflows_org_updated_idx").on(t.orgId, t.updatedAt, t.id),
    uniqueIndex("workflows_org_runbook_idx").on(t.orgId, t.runbook),
    index("workflows_org_name_idx").on(t.orgId, t.name),
  ],
);

export const workflowVersions = sqliteTable(
  "workflow_versions",
  {
    workflowId: text("workflow_id").notNull(),
    version: integer("version").notNull(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    graph: text("graph", { mode: "json" }).notNull(),
    note: text("note"),
    publishedBy: text("published_by").notNull(),
    publishedAt: integer("published_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.version] }), index("workflow_versions_org_idx").on(t.orgId)],
);
