/**
 * Pure helpers of the Marketplace screens: catalog filters ⇄ API query, star rendering, rating
 * text, which workflows can be published, and tag input parsing.
 */
import type { MarketplaceCategory } from "../../../../worker/contracts/marketplace";
import type { WorkflowSummary } from "../../../../worker/contracts/workflows";

/** The sort choices, in the order the select shows them. */
export const SORT_OPTIONS = [
  { value: "relevance", label: "Best match" },
  { value: "rating", label: "Top rated" },
  { value: "installs", label: "Most installed" },
  { value: "newest", label: "Newest" },
] as const;
export type CatalogSort = (typeof SORT_OPTIONS)[number]["value"];

/** Category labels for the navigation. */
export const CATEGORY_LABELS: Record<MarketplaceCategory, string> = {
  documents: "Documents",
  workflows: "Workflows",
  prompts: "Prompts",
  clauses: "Clauses",
  agents: "Agents",
  runbooks: "Runbooks",
};

/** What the catalog page filters by. */
export interface CatalogFilters {
  q: string;
  category: MarketplaceCategory | null;
  tags: string[];
  sort: CatalogSort | null;
}

export const EMPTY_FILTERS: CatalogFilters = { q: "", category: null, tags: [], sort: null };

/** The API query for `filters` and a page cursor (empty values left out). */
export function catalogQuery(filters: CatalogFilters, cursor: string | undefined): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.category) query.category = filters.category;
  if (filters.tags.length > 0) query.tags = filters.tags.join(",");
  if (filters.sort) query.sort = filters.sort;
  if (cursor) query.cursor = cursor;
  return query;
}

/** Adds `tag` to the filter, or removes it when it is already there. */
export function toggleTag(tags: readonly string[], tag: string): string[] {
  return tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag];
}

/** Five stars for an average: full, half (from .25 to .75) or empty. */
export function starsOf(average: number): Array<"full" | "half" | "empty"> {
  return Array.from({ length: 5 }, (_, index) => {
    const rest = average - index;
    if (rest >= 0.75) return "full";
    if (rest >= 0.25) return "half";
    return "empty";
  });
}

/**
 * The rating as people read it.
 * @example ratingText(4, 1) // "4.0 (1 review)"
 */
export function ratingText(average: number, count: number): string {
  if (count === 0) return "No reviews yet";
  return `${average.toFixed(1)} (${count} ${count === 1 ? "review" : "reviews"})`;
}

/** Workflows with a published version, which is what the marketplace publishes. */
export function publishableWorkflows(workflows: readonly WorkflowSummary[]): WorkflowSummary[] {
  return workflows.filter((workflow) => workflow.status === "active" && workflow.latest_version > 0);
}

/** Versions 1…latest, newest first, for the version select. */
export function versionChoices(latest: number): number[] {
  return Array.from({ length: Math.max(0, latest) }, (_, index) => latest - index);
}

/** Comma-separated tags as typed: trimmed, lower-case, distinct, empty ones dropped. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(",")) {
    const tag = raw.trim().toLowerCase();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}
