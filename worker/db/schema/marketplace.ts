/**
 * The public marketplace: published items (a stripped snapshot of a workflow version or a built-in
 * template), one review per user per item, and installs. Full-text search lives in the FTS5 table
 * `marketplace_items_fts`, created and kept in sync by triggers in a custom migration.
 */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const marketplaceItems = sqliteTable(
  "marketplace_items",
  {
    id: text("id").primaryKey(),
    resourceType: text("resource_type", { enum: ["workflow_version", "template"] }).notNull(),
    /** Internal only (ownership checks): never part of the snapshot or the public answer. */
    publisherOrgId: text("publisher_org_id").notNull(),
    publisherUserId: text("publisher_user_id").notNull(),
    sourceWorkflowId: text("source_workflow_id").notNull(),
    sourceVersion: integer("source_version").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    category: text("category", {
      enum: ["documents", "workflows", "prompts", "clauses", "agents", "runbooks"],
    }).notNull(),
    /** JSON array of lower-case strings. */
    tags: text("tags", { mode: "json" }).notNull().default("[]"),
    /** The stripped graph (no secrets, connection ids or org-internal ids). */
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    /** JSON: `{ connections: [...], secrets: [...], references: [...] }` an installer must set up. */
    setup: text("setup", { mode: "json" }).notNull(),
    published: integer("published", { mode: "boolean" }).notNull().default(true),
    installCount: integer("install_count").notNull().default(0),
    ratingCount: integer("rating_count").notNull().default(0),
    avgRating: real("avg_rating").notNull().default(0),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    index("marketplace_items_published_created_idx").on(t.published, t.createdAt, t.id),
    index("marketplace_items_publisher_idx").on(t.publisherOrgId),
    uniqueIndex("marketplace_items_source_idx").on(t.publisherOrgId, t.sourceWorkflowId, t.sourceVersion),
  ],
);

export const marketplaceReviews = sqliteTable(
  "marketplace_reviews",
  {
    id: text("id").primaryKey(),
    itemId: text("item_id").notNull(),
    userId: text("user_id").notNull(),
    orgId: text("org_id").notNull(),
    rating: integer("rating").notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("marketplace_reviews_item_user_idx").on(t.itemId, t.userId),
    index("marketplace_reviews_item_updated_idx").on(t.itemId, t.updatedAt),
  ],
);

export const marketplaceInstalls = sqliteTable(
  "marketplace_installs",
  {
    id: text("id").primaryKey(),
    itemId: text("item_id").notNull(),
    orgId: text("org_id").notNull(),
    userId: text("user_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    installedAt: integer("installed_at").notNull().default(now),
  },
  (t) => [index("marketplace_installs_item_idx").on(t.itemId), index("marketplace_installs_org_idx").on(t.orgId)],
);
