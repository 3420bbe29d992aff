/** The workflow list's filters: read from and written to the URL (so a filtered list can be shared), and sent to the API. */
import type { ListQuery } from "../workflow-api";

/** What the list is filtered by. */
export interface ListFilters {
  /** Search in names and descriptions. */
  q: string;
  tag: string | null;
  /** Show archived workflows instead of active ones. */
  archived: boolean;
}

/** Filters from the URL's search params (`?q=&tag=&archived=1`). */
export function filtersFromParams(params: URLSearchParams): ListFilters {
  return { q: params.get("q") ?? "", tag: params.get("tag") || null, archived: params.get("archived") === "1" };
}

/** Filters as search params, leaving out the defaults so URLs stay short. */
export function filtersToParams(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.archived) params.set("archived", "1");
  return params;
}

/** Page size of the list. */
export const PAGE_SIZE = 25;

/** The `GET /workflows` query for a page. */
export function listQuery(filters: ListFilters, cursor: string | undefined): ListQuery {
  return {
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    status: filters.archived ? "archived" : "active",
    limit: String(PAGE_SIZE),
    ...(cursor ? { cursor } : {}),
  };
}

/**
 * The tag chips: every tag on the loaded workflows, sorted, with the active one kept even when no loaded row has it
 * (the API has no tag list; the chips grow as pages load).
 */
export function tagChips(items: readonly { tags: readonly string[] }[], active: string | null): string[] {
  const tags = new Set(items.flatMap((item) => item.tags));
  if (active) tags.add(active);
  return [...tags].sort((a, b) => a.localeCompare(b));
}
