/** Server state of the Runners page (TanStack Query over the typed client): list, register, revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { CreatedRunner, Runner, RunnerStatus } from "../../../../worker/contracts/runners";
import { api, unwrap } from "../../lib/api";

export type { Runner, RunnerStatus };
/** The register answer: the runner and its token (in this answer only). */
export type Registered = z.infer<typeof CreatedRunner>;

/** Query keys of the runners feature. */
export const runnerKeys = { list: ["runners", "list"] as const };

/** How often the list refreshes: runners come online and take tasks by themselves. */
export const RUNNERS_POLL_MS = 10_000;

/** `GET /runners`, refreshing itself. */
export function useRunners() {
  return useQuery({
    queryKey: runnerKeys.list,
    queryFn: async () => (await unwrap(api.api.v1.runners.$get())).items,
    refetchInterval: RUNNERS_POLL_MS,
  });
}

/** `POST /runners` → 201 `{ runner, token }`. */
export function useRegisterRunner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (json: { name: string; labels: string[] }) => unwrap(api.api.v1.runners.$post({ json })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runnerKeys.list }),
  });
}

/** `DELETE /runners/:id`: the token stops working at once. */
export function useRevokeRunner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.api.v1.runners[":id"].$delete({ param: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runnerKeys.list }),
  });
}
