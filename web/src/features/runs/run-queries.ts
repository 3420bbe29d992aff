/**
 * Server state of the Runs screens (TanStack Query): the run, its steps and its pinned workflow version, polled
 * every second while the run is live and left alone once it has finished; plus the org's workflows for names.
 * Keys live under `["runs", …]` so they never collide with other features' caches.
 */
import { type QueryClient, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { RunDetail } from "../../../../worker/contracts/runs";
import { ApiError, api, unwrap } from "../../lib/api";
import { isLiveRun } from "./run-status";

/** Refetches a run and its steps now (after a decision or a cancel), and the lists that show it. */
export function refreshRun(queryClient: QueryClient, runId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) }),
    queryClient.invalidateQueries({ queryKey: runKeys.steps(runId) }),
    queryClient.invalidateQueries({ queryKey: runKeys.lists }),
  ]);
}

/** How often a live run is polled (live push over WebSocket comes later). */
export const RUN_POLL_MS = 1_000;
/** How often the runs list refreshes while any listed run is live. */
export const LIST_POLL_MS = 2_000;

/** Query keys of this feature. */
export const runKeys = {
  all: ["runs"] as const,
  lists: ["runs", "list"] as const,
  list: (filters: unknown) => ["runs", "list", filters] as const,
  detail: (id: string) => ["runs", "detail", id] as const,
  steps: (id: string) => ["runs", "steps", id] as const,
  version: (workflowId: string, version: number) => ["runs", "workflow-version", workflowId, version] as const,
  workflows: ["runs", "workflows"] as const,
};

/** A 4xx won't fix itself by asking again (the run is gone or not ours); network trouble might. */
function isFinalError(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

/** `GET /runs/:id`, polled every second until the run is completed, failed or canceled. */
export function useRunDetail(id: string) {
  return useQuery({
    queryKey: runKeys.detail(id),
    queryFn: () => unwrap(api.api.v1.runs[":id"].$get({ param: { id } })),
    refetchInterval: (query) => {
      if (isFinalError(query.state.error)) return false;
      const run = query.state.data;
      return run && !isLiveRun(run.status) ? false : RUN_POLL_MS;
    },
  });
}

/**
 * `GET /runs/:id/steps`, polled with the run. When the run reaches a final status the steps are fetched once more,
 * so the last step's outcome is never left behind by a poll that stopped a tick too early.
 */
export function useRunSteps(id: string, runStatus: RunDetail["status"] | undefined) {
  const live = runStatus === undefined || isLiveRun(runStatus);
  const steps = useQuery({
    queryKey: runKeys.steps(id),
    queryFn: () => unwrap(api.api.v1.runs[":id"].steps.$get({ param: { id } })),
    refetchInterval: (query) => (live && !isFinalError(query.state.error) ? RUN_POLL_MS : false),
  });
  const { refetch } = steps;
  useEffect(() => {
    if (runStatus !== undefined && !isLiveRun(runStatus)) void refetch();
  }, [runStatus, refetch]);
  return steps;
}

/** The workflow version a run pinned (immutable, so fetched once and kept). */
export function useWorkflowVersion(workflowId: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: runKeys.version(workflowId ?? "", version ?? 0),
    queryFn: () =>
      unwrap(
        api.api.v1.workflows[":id"].versions[":version"].$get({
          param: { id: workflowId ?? "", version: String(version ?? 0) },
        }),
      ),
    enabled: workflowId !== undefined && version !== undefined && version > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * The org's workflows (archived too, so old runs keep their names), fetched once per screen visit. One page of
 * 100 covers the names in practice; runs of workflows beyond it show their id.
 */
export function useWorkflowList() {
  return useQuery({
    queryKey: runKeys.workflows,
    queryFn: () => unwrap(api.api.v1.workflows.$get({ query: { status: "all", limit: "100" } })),
    staleTime: 60_000,
  });
}

/**
 * The current time, ticking every second while `active` (live durations count up); frozen otherwise.
 * @example const now = useNow(isLiveRun(run.status));
 */
export function useNow(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
