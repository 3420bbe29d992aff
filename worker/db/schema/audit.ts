/**
 * The append-only audit trail. No code path updates or deletes a row, and migration triggers make
 * the database refuse it too.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    occurredAt: integer("occurred_at").notNull().default(sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`),
    actorType: text("actor_type", { enum: ["user", "api_key", "system", "webhook"] }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    metadata: text("metadata", { mode: "json" }).notNull().default("{}"),
    requestId: text("request_id"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_org_time_idx").on(t.orgId, t.occurredAt, t.id),
    index("audit_org_action_idx").on(t.orgId, t.action),
    index("audit_org_target_idx").on(t.orgId, t.targetType, t.targetId),
  ],
);
