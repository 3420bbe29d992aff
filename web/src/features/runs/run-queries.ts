/**
 * Server state of the Runs screens (TanStack Query): the run, its steps and its pinned workflow version; the run's
 * logs; the approvals inbox; plus the org's workflows for names. A run page keeps the run and its steps current
 * from the live event socket (`useRunEvents`); the queries here only poll slowly, as a safety net, while that
 * socket is down. Keys live under `["runs", …]` so they never collide with other features' caches.
 */
import { type QueryClient, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { RunDetail } from "../../../../worker/contracts/runs";
import { ApiError, api, unwrap } from "../../lib/api";
import { keepFinished, type RunHeader } from "./live-run";
import { isLiveRun } from "./run-status";

/** Refetches a run and its steps now (after a decision or a cancel), and the lists that show it. */
export function refreshRun(queryClient: QueryClient, runId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) }),
    queryClient.invalidateQueries({ queryKey: runKeys.steps(runId) }),
    queryClient.invalidateQueries({ queryKey: runKeys.lists }),
    queryClient.invalidateQueries({ queryKey: runKeys.approvals }),
  ]);
}

/** How often a live run is polled while its event socket is down (connecting, reconnecting, refused). */
export const SAFETY_POLL_MS = 15_000;
/** How often the approvals inbox and its count refresh by themselves. */
export const APPROVALS_POLL_MS = 10_000;
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
  /** Every log query of a run (all filters), for refreshing them together. */
  logs: (id: string) => ["runs", "logs", id] as const,
  logsFiltered: (id: string, filters: unknown) => ["runs", "logs", id, filters] as const,
  approvals: ["runs", "approvals"] as const,
};

/** A 4xx won't fix itself by asking again (the run is gone or not ours); network trouble might. */
function isFinalError(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

/** How a run page keeps a run fresh. */
export interface RunFreshness {
  /** Poll slowly (the live socket is down and the run may still change). */
  poll: boolean;
  /** The live header: once it says the run has finished, a late answer of the API can't say otherwise. */
  header?: RunHeader | null;
}

/** The `GET /runs/:id` query, shared by every observer of a run (the page, the live socket's on/off switch). */
export function runDetailQuery(id: string) {
  return queryOptions({
    queryKey: runKeys.detail(id),
    queryFn: () => unwrap(api.api.v1.runs[":id"].$get({ param: { id } })),
  });
}

/** `GET /runs/:id`; refreshed by the live socket, polled every 15 s only while `poll`. */
export function useRunDetail(id: string, { poll, header = null }: RunFreshness) {
  return useQuery({
    ...runDetailQuery(id),
    select: (run: RunDetail) => keepFinished(run, header),
    refetchInterval: (query) => {
      if (!poll || isFinalError(query.state.error)) return false;
      const run = query.state.data;
      return run && !isLiveRun(run.status) ? false : SAFETY_POLL_MS;
    },
  });
}

/**
 * `GET /runs/:id/steps`; refreshed by the live socket on step events, polled with the run while `poll`. When the
 * run reaches a final status the steps are fetched once more, so the last step's outcome is never left behind.
 */
export function useRunSteps(id: string, runStatus: RunDetail["status"] | undefined, { poll }: { poll: boolean }) {
  const live = runStatus === undefined || isLiveRun(runStatus);
  const steps = useQuery({
    queryKey: runKeys.steps(id),
    queryFn: () => unwrap(api.api.v1.runs[":id"].steps.$get({ param: { id } })),
    refetchInterval: (query) => (poll && live && !isFinalError(query.state.error) ? SAFETY_POLL_MS : false),
  });
  const { refetch } = steps;
  useEffect(() => {
    if (runStatus !== undefined && !isLiveRun(runStatus)) void refetch();
  }, [runStatus, refetch]);
  return steps;
}

/** Runs the approvals inbox lists per page. */
export const APPROVALS_PAGE_SIZE = 50;

/**
 * `GET /runs?status=waiting&wait_reason=approval`: every run waiting for a decision, newest first, refreshing
 * itself. The Runs page shows its count; the inbox shows the runs.
 */
export function useApprovalsInbox() {
  return useInfiniteQuery({
    queryKey: runKeys.approvals,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.api.v1.runs.$get({
          query: {
            status: "waiting",
            wait_reason: "approval",
            limit: String(APPROVALS_PAGE_SIZE),
            ...(pageParam ? { cursor: pageParam } : {}),
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: APPROVALS_POLL_MS,
  });
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
