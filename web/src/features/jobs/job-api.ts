/**
 * Server state of the job screens (TanStack Query over the typed client): the jobs list, one job, its artifacts.
 * A job is a run (`runs.kind = 'job'`): its live status, steps, logs and approvals come from the run endpoints and
 * socket (see `JobPage`); these add what only a job has (runbook, inputs, output, artifacts).
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Artifact, Job, JobDetail } from "../../../../worker/contracts/jobs";
import { api, unwrap } from "../../lib/api";
import { type JobFilters, jobsQuery } from "./job-filters";
import { isLiveJob } from "./job-view";

export type { Artifact, Job, JobDetail };

/** Query keys of the jobs feature. */
export const jobKeys = {
  lists: ["jobs", "list"] as const,
  list: (filters: JobFilters) => ["jobs", "list", filters] as const,
  detail: (id: string) => ["jobs", "detail", id] as const,
  artifacts: (id: string) => ["jobs", "artifacts", id] as const,
};

/** How often the list refreshes while a listed job is still live. */
export const JOBS_LIST_POLL_MS = 3_000;

/** `GET /jobs` page by page, refreshing while any listed job is still running or waiting. */
export function useJobs(filters: JobFilters) {
  return useInfiniteQuery({
    queryKey: jobKeys.list(filters),
    queryFn: ({ pageParam }) => unwrap(api.api.v1.jobs.$get({ query: jobsQuery(filters, pageParam) })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (query) =>
      (query.state.data?.pages ?? []).some((page) => page.items.some((job) => isLiveJob(job.status)))
        ? JOBS_LIST_POLL_MS
        : false,
  });
}

/** `GET /jobs/:id`; the job page refetches it whenever the live run moves. */
export function useJob(id: string) {
  return useQuery({
    queryKey: jobKeys.detail(id),
    queryFn: () => unwrap(api.api.v1.jobs[":id"].$get({ param: { id } })),
  });
}

/** `GET /jobs/:id/artifacts`. */
export function useJobArtifacts(id: string) {
  return useQuery({
    queryKey: jobKeys.artifacts(id),
    queryFn: async () => (await unwrap(api.api.v1.jobs[":id"].artifacts.$get({ param: { id } }))).items,
  });
}
