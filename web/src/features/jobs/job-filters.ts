/** The jobs list's filters (kept in the address, so a filtered list can be shared and Back works) and its query. */
import type { RunStatus } from "../../../../worker/contracts/runs";

/** The statuses the list filters by, in the order offered; `""` shows every job. */
export const JOB_STATUS_FILTERS = [
  "",
  "queued",
  "running",
  "waiting",
  "completed",
  "failed",
  "canceled",
] as const satisfies readonly (RunStatus | "")[];
export type JobStatusFilter = (typeof JOB_STATUS_FILTERS)[number];

export interface JobFilters {
  /** Runbook name; empty: every runbook. */
  runbook: string;
  status: JobStatusFilter;
}

export const NO_JOB_FILTERS: JobFilters = { runbook: "", status: "" };

/** Jobs per page. */
export const JOBS_PAGE_SIZE = 25;

/** A `?status=` value as a filter; anything unknown shows every job. */
export function parseJobStatus(value: string | null): JobStatusFilter {
  return JOB_STATUS_FILTERS.find((status) => status === value) ?? "";
}

/**
 * The filters in the search params (`?runbook=cloudflare_dns_bulk&status=failed`).
 * @example jobFiltersFromParams(new URLSearchParams("status=nope")) // { runbook: "", status: "" }
 */
export function jobFiltersFromParams(params: URLSearchParams): JobFilters {
  return { runbook: params.get("runbook")?.trim() ?? "", status: parseJobStatus(params.get("status")) };
}

/** Search params for the filters, leaving out the defaults. */
export function jobFiltersToParams(filters: JobFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.runbook) params.set("runbook", filters.runbook);
  if (filters.status) params.set("status", filters.status);
  return params;
}

/** The `GET /api/v1/jobs` query (values as strings, the way the typed client sends them). */
export interface JobsQueryParams {
  runbook?: string;
  status?: RunStatus;
  cursor?: string;
  limit: string;
}

/**
 * @example jobsQuery({ runbook: "", status: "failed" }) // { status: "failed", limit: "25" }
 */
export function jobsQuery(filters: JobFilters, cursor?: string): JobsQueryParams {
  const query: JobsQueryParams = { limit: String(JOBS_PAGE_SIZE) };
  if (filters.runbook) query.runbook = filters.runbook;
  if (filters.status) query.status = filters.status;
  if (cursor) query.cursor = cursor;
  return query;
}
