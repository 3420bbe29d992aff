/**
 * The runs list's filters (kept in the address, so a filtered list can be shared and Back works), the
 * `GET /runs` query they make, and the workflow lookups the list and the Start-run dialog need.
 */
import type { RunStatus } from "../../../../worker/contracts/runs";
import type { WorkflowSummary } from "../../../../worker/contracts/workflows";
import { parseStatusFilter, type RunStatusFilter } from "./run-status";

/** Runs per page. */
export const RUNS_PAGE_SIZE = 25;

export interface RunFilters {
  status: RunStatusFilter;
  /** Empty: every workflow. */
  workflowId: string;
}

export const NO_RUN_FILTERS: RunFilters = { status: "all", workflowId: "" };

/** The filters in the search params (`?status=failed&workflow=wf_…`); unknown values show everything. */
export function runFiltersFromParams(params: URLSearchParams): RunFilters {
  return { status: parseStatusFilter(params.get("status")), workflowId: params.get("workflow")?.trim() ?? "" };
}

/** Search params for the filters, leaving out the defaults. */
export function runFiltersToParams(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== "all") params.set("status", filters.status);
  if (filters.workflowId) params.set("workflow", filters.workflowId);
  return params;
}

/** The `GET /api/v1/runs` query (values as strings, the way the typed client sends them). */
export interface RunsQueryParams {
  status?: RunStatus;
  workflow_id?: string;
  cursor?: string;
  limit: string;
}

/**
 * @example runsQuery({ status: "failed", workflowId: "" }) // { status: "failed", limit: "25" }
 */
export function runsQuery(filters: RunFilters, cursor?: string): RunsQueryParams {
  const query: RunsQueryParams = { limit: String(RUNS_PAGE_SIZE) };
  if (filters.status !== "all") query.status = filters.status;
  if (filters.workflowId) query.workflow_id = filters.workflowId;
  if (cursor) query.cursor = cursor;
  return query;
}

type WorkflowRef = Pick<WorkflowSummary, "id" | "name" | "status" | "latest_version">;

/** Workflow id → name, for showing names instead of ids. */
export function workflowNames(workflows: readonly WorkflowRef[]): Map<string, string> {
  return new Map(workflows.map((workflow) => [workflow.id, workflow.name]));
}

/**
 * Workflows a run can be started from: active and published at least once (`latest_version > 0`), by name.
 * @example startableWorkflows(list.items).map((w) => w.name) // ["Approved deploy", …]
 */
export function startableWorkflows<W extends WorkflowRef>(workflows: readonly W[]): W[] {
  return workflows
    .filter((workflow) => workflow.status === "active" && workflow.latest_version > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A count for a badge over a paged list: the items loaded, with "+" when more pages exist (the approvals inbox).
 * @example countText(50, true) // "50+"
 */
export function countText(count: number, more: boolean): string {
  return `${count}${more ? "+" : ""}`;
}
