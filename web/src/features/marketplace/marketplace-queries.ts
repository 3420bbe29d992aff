/**
 * Server state of the Marketplace screens (TanStack Query): the catalog pages, categories, an item,
 * its reviews; and the actions: publish, install, review. Keys live under `["marketplace", …]`.
 */
import { type QueryClient, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api";
import { type CatalogFilters, catalogQuery } from "./catalog";

export const marketKeys = {
  all: ["marketplace"] as const,
  catalog: (filters: CatalogFilters) => ["marketplace", "catalog", filters] as const,
  categories: ["marketplace", "categories"] as const,
  item: (id: string) => ["marketplace", "item", id] as const,
  reviews: (id: string) => ["marketplace", "reviews", id] as const,
};

const market = api.api.v1.marketplace;

/** The catalog for `filters`, page by page ("Load more"). */
export function useCatalog(filters: CatalogFilters) {
  return useInfiniteQuery({
    queryKey: marketKeys.catalog(filters),
    queryFn: ({ pageParam }) => unwrap(market.$get({ query: catalogQuery(filters, pageParam) })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useCategories() {
  return useQuery({ queryKey: marketKeys.categories, queryFn: () => unwrap(market.categories.$get()) });
}

export function useItem(id: string) {
  return useQuery({ queryKey: marketKeys.item(id), queryFn: () => unwrap(market[":id"].$get({ param: { id } })) });
}

export function useReviews(id: string) {
  return useInfiniteQuery({
    queryKey: marketKeys.reviews(id),
    queryFn: ({ pageParam }) =>
      unwrap(market[":id"].reviews.$get({ param: { id }, query: pageParam ? { cursor: pageParam } : {} })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** My org's workflows, to pick one to publish. */
export function useMyWorkflows(enabled: boolean) {
  return useQuery({
    queryKey: ["marketplace", "my-workflows"],
    queryFn: () => unwrap(api.api.v1.workflows.$get({ query: { limit: "100" } })),
    enabled,
  });
}

export type PublishInput = Parameters<typeof market.$post>[0]["json"];

export function publishItem(json: PublishInput) {
  return unwrap(market.$post({ json }));
}

export function installItem(id: string) {
  return unwrap(market[":id"].install.$post({ param: { id }, json: {} }));
}

export function reviewItem(id: string, rating: number, comment: string) {
  return unwrap(market[":id"].review.$post({ param: { id }, json: { rating, comment } }));
}

/** After a review or an install: the item's counts, its reviews and the catalog all changed. */
export function refreshItem(queryClient: QueryClient, id: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: marketKeys.item(id) }),
    queryClient.invalidateQueries({ queryKey: marketKeys.reviews(id) }),
    queryClient.invalidateQueries({ queryKey: ["marketplace", "catalog"] }),
  ]);
}
