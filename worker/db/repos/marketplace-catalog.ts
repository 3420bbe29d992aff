/**
 * The public catalog query: published items filtered by category and tags, searched with FTS5 and
 * ranked by bm25() (title weighs most, then tags, then description), or sorted by rating,
 * installs or newest; paginated.
 */
import type { MarketplaceCategory } from "../../contracts/marketplace";
import type { MarketplaceSort } from "../../marketplace/search";
import type { ItemRow } from "./marketplace";

export interface CatalogFilter {
  /** An FTS5 query made by `toFtsQuery` (never raw user text). */
  match: string | null;
  category?: MarketplaceCategory;
  tags: string[];
  sort: MarketplaceSort;
  /** Keyset for `newest`: the last item's created_at and id. */
  after?: { at: number; id: string };
  /** Offset for the other sorts (their keys change as people rate and install). */
  offset: number;
  limit: number;
}

/** bm25 weights per FTS column: item_id (unindexed), title, description, tags. */
const BM25 = "bm25(marketplace_items_fts, 0.0, 10.0, 2.0, 5.0)";

function orderBy(sort: MarketplaceSort): string {
  switch (sort) {
    case "relevance":
      return `${BM25} ASC, i.id DESC`;
    case "rating":
      return "i.avg_rating DESC, i.rating_count DESC, i.id DESC";
    case "installs":
      return "i.install_count DESC, i.id DESC";
    case "newest":
      return "i.created_at DESC, i.id DESC";
    default: {
      const _never: never = sort;
      return _never;
    }
  }
}

/** One page of published items (ask for `limit + 1` to learn whether there is a next page). */
export async function listCatalog(d1: D1Database, filter: CatalogFilter): Promise<ItemRow[]> {
  const where: string[] = ["i.published = 1"];
  const binds: unknown[] = [];
  const param = (value: unknown) => {
    binds.push(value);
    return `?${binds.length}`;
  };
  let from = "marketplace_items i JOIN organizations o ON o.id = i.publisher_org_id";
  if (filter.match) {
    from += " JOIN marketplace_items_fts ON marketplace_items_fts.item_id = i.id";
    where.push(`marketplace_items_fts MATCH ${param(filter.match)}`);
  }
  if (filter.category) where.push(`i.category = ${param(filter.category)}`);
  for (const tag of filter.tags) {
    where.push(`EXISTS (SELECT 1 FROM json_each(i.tags) WHERE json_each.value = ${param(tag)})`);
  }
  const sort = filter.sort === "relevance" && !filter.match ? "newest" : filter.sort;
  if (sort === "newest" && filter.after) {
    const at = param(filter.after.at);
    const id = param(filter.after.id);
    where.push(`(i.created_at < ${at} OR (i.created_at = ${at} AND i.id < ${id}))`);
  }
  const offset = sort === "newest" ? 0 : filter.offset;
  const sql = `SELECT i.*, o.name AS publisher_name FROM ${from} WHERE ${where.join(" AND ")}
    ORDER BY ${orderBy(sort)} LIMIT ${param(filter.limit)} OFFSET ${param(offset)}`;
  const { results } = await d1
    .prepare(sql)
    .bind(...binds)
    .all<ItemRow>();
  return results;
}
