/** Server state of the Automations screens: query keys and the typed API calls (TanStack Query). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeliveryStatus, UpdateDestinationBody } from "../../../../worker/contracts/automations";
import { api, unwrap } from "../../lib/api";
import { isInFlight } from "./format";

const automations = api.api.v1.automations;

export const keys = {
  all: ["automations"] as const,
  destinations: ["automations", "destinations"] as const,
  deliveries: (filters: DeliveryFilters) => ["automations", "deliveries", filters] as const,
  delivery: (id: string) => ["automations", "delivery", id] as const,
};

/** The delivery log's filters ("" = any). */
export interface DeliveryFilters {
  status: DeliveryStatus | "";
  destinationId: string;
}

/** While something is still being sent, the screens refresh on their own. */
const REFRESH_MS = 1_500;

export function useDestinations() {
  return useQuery({ queryKey: keys.destinations, queryFn: () => unwrap(automations.destinations.$get()) });
}

/** Everything in the hub may change after a write (statuses, the log), so refresh it all. */
function useInvalidateAll() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.all });
}

export function useCreateDestination() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (json: { name: string; url: string; event_types: string[]; secret?: string }) =>
      unwrap(automations.destinations.$post({ json })),
    onSuccess: invalidate,
  });
}

export function useUpdateDestination(id: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (json: UpdateDestinationBody) =>
      unwrap(automations.destinations[":id"].$patch({ param: { id }, json })),
    onSuccess: invalidate,
  });
}

export function useDeleteDestination(id: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: () => unwrap(automations.destinations[":id"].$delete({ param: { id } })),
    onSuccess: invalidate,
  });
}

export function useRotateSecret(id: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (json: { grace_period_seconds: number }) =>
      unwrap(automations.destinations[":id"]["rotate-secret"].$post({ param: { id }, json })),
    onSuccess: invalidate,
  });
}

export function useSendTest(id: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: () => unwrap(automations.destinations[":id"].test.$post({ param: { id } })),
    onSuccess: invalidate,
  });
}

/** The delivery log, page by page, refreshing while any delivery shown is still in flight. */
export function useDeliveries(filters: DeliveryFilters) {
  return useInfiniteQuery({
    queryKey: keys.deliveries(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        automations.deliveries.$get({
          query: {
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.destinationId ? { destination_id: filters.destinationId } : {}),
            ...(pageParam ? { cursor: pageParam } : {}),
            limit: "25",
          },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((d) => isInFlight(d.status))) ? REFRESH_MS : false,
  });
}

export function useDelivery(id: string) {
  return useQuery({
    queryKey: keys.delivery(id),
    queryFn: () => unwrap(automations.deliveries[":id"].$get({ param: { id } })),
    refetchInterval: (query) => (query.state.data && isInFlight(query.state.data.status) ? REFRESH_MS : false),
  });
}

export function useRedeliver(id: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: () => unwrap(automations.deliveries[":id"].redeliver.$post({ param: { id } })),
    onSuccess: invalidate,
  });
}
