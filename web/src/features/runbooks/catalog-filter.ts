/** The runbook catalog's search box and category filter, and the categories it offers. */

/** The fields of a runbook the catalog searches and groups by. */
export interface CatalogEntry {
  name: string;
  title: string;
  description: string;
  category: string;
}

/** What the person typed and picked; an empty category means every category. */
export interface CatalogFilter {
  search: string;
  category: string;
}

export const NO_CATALOG_FILTER: CatalogFilter = { search: "", category: "" };

/**
 * The distinct categories, sorted, for the category picker.
 * @example catalogCategories([{ category: "dns" }, { category: "deploy" }, { category: "dns" }]) // ["deploy", "dns"]
 */
export function catalogCategories(entries: readonly Pick<CatalogEntry, "category">[]): string[] {
  return [...new Set(entries.map((entry) => entry.category))].sort((a, b) => a.localeCompare(b));
}

/**
 * The entries matching the filter: the category exactly, and every word of the search somewhere in the name,
 * title, description or category (case-insensitive), in their catalog order.
 * @example filterCatalog(runbooks, { search: "dns bulk", category: "" })
 */
export function filterCatalog<E extends CatalogEntry>(entries: readonly E[], filter: CatalogFilter): E[] {
  const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((entry) => {
    if (filter.category && entry.category !== filter.category) return false;
    const haystack = `${entry.name} ${entry.title} ${entry.description} ${entry.category}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The filter from the address (`?q=dns&category=network`), so a filtered catalog can be shared. */
export function catalogFilterFromParams(params: URLSearchParams): CatalogFilter {
  return { search: params.get("q") ?? "", category: params.get("category")?.trim() ?? "" };
}

/** Search params for the filter, leaving out empty values. */
export function catalogFilterToParams(filter: CatalogFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.search) params.set("q", filter.search);
  if (filter.category) params.set("category", filter.category);
  return params;
}
