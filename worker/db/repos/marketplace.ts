/**
 * Marketplace storage: items (public reads, publisher-scoped writes), full-text search through the
 * FTS5 table, reviews with exact rating aggregates, and installs. Raw SQL because FTS5 and bm25()
 * are outside what the query builder models.
 */
import type { OrgScope } from "../../auth/principal";
import type { MarketplaceCategory, MarketplaceItemSummary, Review, SetupNeeds } from "../../contracts/marketplace";
import type { DraftGraph } from "../../contracts/workflows";

/** An item row as SQLite returns it, with the publisher org's name joined in. */
export interface ItemRow {
  id: string;
  resource_type: "workflow_version" | "template";
  publisher_org_id: string;
  publisher_user_id: string;
  publisher_name: string;
  source_workflow_id: string;
  source_version: number;
  title: string;
  description: string;
  category: MarketplaceCategory;
  tags: string;
  snapshot: string;
  setup: string;
  published: number;
  install_count: number;
  rating_count: number;
  avg_rating: number;
  created_at: number;
  updated_at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

const SELECT_ITEM = `SELECT i.*, o.name AS publisher_name FROM marketplace_items i
  JOIN organizations o ON o.id = i.publisher_org_id`;

export function itemGraph(row: ItemRow): DraftGraph {
  return JSON.parse(row.snapshot) as DraftGraph;
}

export function itemSetup(row: ItemRow): SetupNeeds {
  return JSON.parse(row.setup) as SetupNeeds;
}

/** The public view of an item: the publisher by org name only, never its ids. */
export function toItemSummary(row: ItemRow): MarketplaceItemSummary {
  return {
    id: row.id,
    resource_type: row.resource_type,
    title: row.title,
    description: row.description,
    category: row.category,
    tags: JSON.parse(row.tags) as string[],
    publisher: { name: row.publisher_name },
    published: row.published === 1,
    install_count: row.install_count,
    rating_count: row.rating_count,
    avg_rating: row.avg_rating,
    node_count: itemGraph(row).nodes.length,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** A published item, for anyone (the catalog is public). */
export async function getPublishedItem(d1: D1Database, id: string): Promise<ItemRow | undefined> {
  const row = await d1.prepare(`${SELECT_ITEM} WHERE i.id = ?1 AND i.published = 1`).bind(id).first<ItemRow>();
  return row ?? undefined;
}

/** An item of the caller's org, published or not (the owner routes); another org's item is undefined. */
export async function getOwnItem(d1: D1Database, scope: OrgScope, id: string): Promise<ItemRow | undefined> {
  const row = await d1
    .prepare(`${SELECT_ITEM} WHERE i.id = ?1 AND i.publisher_org_id = ?2`)
    .bind(id, scope.orgId)
    .first<ItemRow>();
  return row ?? undefined;
}

/** The caller's item for one workflow version, if it was ever published. */
export async function getOwnItemBySource(d1: D1Database, scope: OrgScope, workflowId: string, version: number) {
  const row = await d1
    .prepare(`${SELECT_ITEM} WHERE i.publisher_org_id = ?1 AND i.source_workflow_id = ?2 AND i.source_version = ?3`)
    .bind(scope.orgId, workflowId, version)
    .first<ItemRow>();
  return row ?? undefined;
}

export interface NewItem {
  id: string;
  resourceType: ItemRow["resource_type"];
  publisherUserId: string;
  sourceWorkflowId: string;
  sourceVersion: number;
  title: string;
  description: string;
  category: MarketplaceCategory;
  tags: string[];
  snapshot: unknown;
  setup: SetupNeeds;
  now: number;
}

/**
 * Publishes a snapshot for the caller's org. A version published before and later unpublished is
 * published again with the new details (same item id, its reviews and counts kept).
 */
export async function upsertItem(d1: D1Database, scope: OrgScope, item: NewItem): Promise<ItemRow> {
  await d1
    .prepare(
      `INSERT INTO marketplace_items (id, resource_type, publisher_org_id, publisher_user_id, source_workflow_id,
         source_version, title, description, category, tags, snapshot, setup, published, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?13)
       ON CONFLICT (publisher_org_id, source_workflow_id, source_version) DO UPDATE SET
         title = excluded.title, description = excluded.description, category = excluded.category,
         tags = excluded.tags, snapshot = excluded.snapshot, setup = excluded.setup,
         publisher_user_id = excluded.publisher_user_id, published = 1, updated_at = excluded.updated_at`,
    )
    .bind(
      item.id,
      item.resourceType,
      scope.orgId,
      item.publisherUserId,
      item.sourceWorkflowId,
      item.sourceVersion,
      item.title,
      item.description,
      item.category,
      JSON.stringify(item.tags),
      JSON.stringify(item.snapshot),
      JSON.stringify(item.setup),
      item.now,
    )
    .run();
  const row = await getOwnItemBySource(d1, scope, item.sourceWorkflowId, item.sourceVersion);
  if (!row) throw new Error("marketplace item upsert returned nothing");
  return row;
}

/** Changes an own item's details; undefined when it isn't the caller's. */
export async function updateItem(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  patch: { title?: string; description?: string; category?: MarketplaceCategory; tags?: string[] },
  now: number,
): Promise<ItemRow | undefined> {
  await d1
    .prepare(
      `UPDATE marketplace_items SET title = coalesce(?3, title), description = coalesce(?4, description),
         category = coalesce(?5, category), tags = coalesce(?6, tags), updated_at = ?7
       WHERE id = ?1 AND publisher_org_id = ?2`,
    )
    .bind(
      id,
      scope.orgId,
      patch.title ?? null,
      patch.description ?? null,
      patch.category ?? null,
      patch.tags ? JSON.stringify(patch.tags) : null,
      now,
    )
    .run();
  return getOwnItem(d1, scope, id);
}

/** Hides an own item from the catalog; installs keep their copies. False when it isn't the caller's. */
export async function unpublishItem(d1: D1Database, scope: OrgScope, id: string, now: number): Promise<boolean> {
  const result = await d1
    .prepare("UPDATE marketplace_items SET published = 0, updated_at = ?3 WHERE id = ?1 AND publisher_org_id = ?2")
    .bind(id, scope.orgId, now)
    .run();
  return result.meta.changes > 0;
}

/** Published items per category, every category listed (0 when empty). */
export async function categoryCounts(d1: D1Database): Promise<Map<string, number>> {
  const { results } = await d1
    .prepare("SELECT category, count(*) AS n FROM marketplace_items WHERE published = 1 GROUP BY category")
    .all<{ category: string; n: number }>();
  return new Map(results.map((r) => [r.category, r.n]));
}

/** Records an install and bumps the count in one batch, so the count always equals the installs. */
export async function recordInstall(
  d1: D1Database,
  scope: OrgScope,
  install: { id: string; itemId: string; userId: string; workflowId: string; now: number },
): Promise<void> {
  await d1.batch([
    d1
      .prepare(
        "INSERT INTO marketplace_installs (id, item_id, org_id, user_id, workflow_id, installed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      )
      .bind(install.id, install.itemId, scope.orgId, install.userId, install.workflowId, install.now),
    d1.prepare("UPDATE marketplace_items SET install_count = install_count + 1 WHERE id = ?1").bind(install.itemId),
  ]);
}

interface ReviewRow {
  id: string;
  rating: number;
  comment: string;
  reviewer_name: string | null;
  created_at: number;
  updated_at: number;
}

export function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    rating: row.rating,
    comment: row.comment,
    reviewer: { name: row.reviewer_name ?? "A Fluxo user" },
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

const SELECT_REVIEW = `SELECT r.id, r.rating, r.comment, r.created_at, r.updated_at, u.name AS reviewer_name
  FROM marketplace_reviews r LEFT JOIN users u ON u.id = r.user_id`;

/**
 * Creates or edits the user's review and recomputes the item's count and average from the reviews
 * table in the same batch (one transaction), so concurrent reviews can't leave a stale aggregate.
 */
export async function upsertReview(
  d1: D1Database,
  scope: OrgScope,
  review: { id: string; itemId: string; userId: string; rating: number; comment: string; now: number },
): Promise<{ review: Review; created: boolean; ratingCount: number; avgRating: number }> {
  const [, , reviewResult, itemResult] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO marketplace_reviews (id, item_id, user_id, org_id, rating, comment, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (item_id, user_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
           org_id = excluded.org_id, updated_at = excluded.updated_at`,
      )
      .bind(review.id, review.itemId, review.userId, scope.orgId, review.rating, review.comment, review.now),
    d1
      .prepare(
        `UPDATE marketplace_items SET
           rating_count = (SELECT count(*) FROM marketplace_reviews WHERE item_id = ?1),
           avg_rating = coalesce((SELECT round(avg(rating), 2) FROM marketplace_reviews WHERE item_id = ?1), 0)
         WHERE id = ?1`,
      )
      .bind(review.itemId),
    d1.prepare(`${SELECT_REVIEW} WHERE r.item_id = ?1 AND r.user_id = ?2`).bind(review.itemId, review.userId),
    d1.prepare("SELECT rating_count, avg_rating FROM marketplace_items WHERE id = ?1").bind(review.itemId),
  ]);
  const row = reviewResult?.results[0] as ReviewRow | undefined;
  const item = itemResult?.results[0] as { rating_count: number; avg_rating: number } | undefined;
  if (!row || !item) throw new Error("marketplace review upsert returned nothing");
  return {
    review: toReview(row),
    created: row.id === review.id,
    ratingCount: item.rating_count,
    avgRating: item.avg_rating,
  };
}

/** The user's own review of an item, if any. */
export async function getUserReview(d1: D1Database, itemId: string, userId: string) {
  const row = await d1
    .prepare("SELECT rating, comment FROM marketplace_reviews WHERE item_id = ?1 AND user_id = ?2")
    .bind(itemId, userId)
    .first<{ rating: number; comment: string }>();
  return row ?? null;
}

/** Reviews newest-edited first, keyset-paginated on (updated_at, id). */
export async function listReviews(
  d1: D1Database,
  itemId: string,
  after: { at: number; id: string } | undefined,
  limit: number,
): Promise<ReviewRow[]> {
  const keyset = after ? "AND (r.updated_at < ?2 OR (r.updated_at = ?2 AND r.id < ?3))" : "";
  const stmt = d1.prepare(
    `${SELECT_REVIEW} WHERE r.item_id = ?1 ${keyset} ORDER BY r.updated_at DESC, r.id DESC LIMIT ?4`,
  );
  const { results } = await stmt.bind(itemId, after?.at ?? 0, after?.id ?? "", limit).all<ReviewRow>();
  return results;
}
