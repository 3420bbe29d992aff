/**
 * Pure helpers for marketplace listing: turning user search text into a safe FTS5 MATCH query,
 * normalising tags, and choosing the sort.
 */

/** Longest search text considered, and most words used (FTS queries grow with terms). */
const MAX_TERMS = 12;

/**
 * A safe FTS5 query for free text: each word is quoted (FTS5 syntax such as `AND`, `NEAR`, `*`,
 * `:` or unbalanced quotes is then literal, so no input causes a query error) and words are
 * OR-ed, so an item matching more of them scores better with bm25(). The last word also matches
 * as a prefix, so "invoi" finds "invoice". Returns null when there is nothing to search for.
 * @example toFtsQuery('deploy "now') // '"deploy" OR "now"*'
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "")
    .slice(0, MAX_TERMS);
  if (words.length === 0) return null;
  const unique = [...new Set(words)];
  return unique.map((word, index) => (index === unique.length - 1 ? `"${word}"*` : `"${word}"`)).join(" OR ");
}

/** Tags as stored: trimmed, lower-case, distinct, in the order given. */
export function normaliseTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase();
    if (clean !== "" && !out.includes(clean)) out.push(clean);
  }
  return out;
}

/** How the catalog can be ordered. */
export const MARKETPLACE_SORTS = ["relevance", "rating", "installs", "newest"] as const;
export type MarketplaceSort = (typeof MARKETPLACE_SORTS)[number];

/** The sort actually used: relevance needs a search; without one it falls back to newest. */
export function effectiveSort(sort: MarketplaceSort | undefined, hasSearch: boolean): MarketplaceSort {
  if (sort === undefined) return hasSearch ? "relevance" : "newest";
  if (sort === "relevance" && !hasSearch) return "newest";
  return sort;
}
