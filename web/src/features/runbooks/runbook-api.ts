/**
 * Server state of the runbook screens (TanStack Query over the typed client): the catalog, one runbook, the org's
 * connections for the pickers, and Execute (`POST /runbooks/:name/execute` → 202 `{ job_id, status }`).
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Connection } from "../../../../worker/contracts/connections";
import type { ExecuteRunbookBody, Runbook } from "../../../../worker/contracts/runbooks";
import { api, unwrap } from "../../lib/api";

export type { Runbook };
/** A connection slot a runbook needs bound at execution time. */
export type ConnectionSlot = Runbook["required_connections"][number];
/** What a connection picker needs of a connection. */
export type ConnectionRef = Pick<Connection, "id" | "name" | "type">;
/** What Execute sends. */
export type ExecuteRequest = Pick<ExecuteRunbookBody, "inputs" | "connections" | "dry_run">;

/** Query keys of the runbooks feature. */
export const runbookKeys = {
  list: ["runbooks", "list"] as const,
  detail: (name: string) => ["runbooks", "detail", name] as const,
  connections: ["runbooks", "connections"] as const,
};

/** The catalog (built-in runbooks change only with a deploy, so it is kept for a minute). */
export function useRunbooks() {
  return useQuery({
    queryKey: runbookKeys.list,
    queryFn: async () => (await unwrap(api.api.v1.runbooks.$get())).items,
    staleTime: 60_000,
  });
}

/** One runbook by name. */
export function useRunbook(name: string) {
  return useQuery({
    queryKey: runbookKeys.detail(name),
    queryFn: () => unwrap(api.api.v1.runbooks[":name"].$get({ param: { name } })),
    staleTime: 60_000,
  });
}

/** The org's connections (names and types only; the API never returns secrets). */
export function useConnectionChoices() {
  return useQuery({
    queryKey: runbookKeys.connections,
    queryFn: async () => (await unwrap(api.api.v1.connections.$get())).items,
  });
}

/** Execute: 202 `{ job_id, status }`; a 400 carries `details.issues` (see `rjsf-errors.ts`). */
export function useExecuteRunbook(name: string) {
  return useMutation({
    mutationFn: (json: ExecuteRequest) => unwrap(api.api.v1.runbooks[":name"].execute.$post({ param: { name }, json })),
  });
}
