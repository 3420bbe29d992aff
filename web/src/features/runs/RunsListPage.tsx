/** `/runs`: every run of the org, newest first, filtered by status and workflow, refreshing itself while runs are live. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../lib/api";
import { useCan } from "../../lib/auth";
import { Badge, Button, Card, ErrorNotice, PageHeader, QueryState, SelectField } from "../../ui";
import { RunsTable } from "./RunsTable";
import { LIST_POLL_MS, runKeys, useApprovalsInbox, useWorkflowList } from "./run-queries";
import { anyLiveRun, RUN_STATUS_FILTERS, RUN_STATUS_LOOK, type RunStatusFilter } from "./run-status";
import {
  countText,
  type RunFilters,
  runFiltersFromParams,
  runFiltersToParams,
  runsQuery,
  workflowNames,
} from "./runs-query";
import { StartRunDialog } from "./StartRunDialog";

const DESCRIPTION = "Every run, live, with its steps, logs and errors.";

/** The runs list with its filters (in the address), "Load more", and the Start-run dialog. */
export function RunsListPage() {
  const canStart = useCan("runs:start");
  const [params, setParams] = useSearchParams();
  const filters = runFiltersFromParams(params);
  const [starting, setStarting] = useState(false);
  const workflows = useWorkflowList();
  const names = workflowNames(workflows.data?.items ?? []);

  const runs = useInfiniteQuery({
    queryKey: runKeys.list(filters),
    queryFn: ({ pageParam }) => unwrap(api.api.v1.runs.$get({ query: runsQuery(filters, pageParam) })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // Live runs move on their own: refresh every page while any listed run is still live.
    refetchInterval: (query) =>
      anyLiveRun(query.state.data?.pages.flatMap((page) => page.items) ?? []) ? LIST_POLL_MS : false,
  });
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const setFilters = (next: RunFilters) => setParams(runFiltersToParams(next));

  return (
    <>
      <PageHeader
        title="Runs"
        description={DESCRIPTION}
        actions={
          <>
            <ApprovalsLink />
            {canStart && (
              <Button variant="primary" onClick={() => setStarting(true)}>
                Start run
              </Button>
            )}
          </>
        }
      />
      <Card>
        <div className="run-filters">
          <StatusChips value={filters.status} onChange={(status) => setFilters({ ...filters, status })} />
          <div className="run-filter-workflow">
            <SelectField
              label="Workflow"
              value={filters.workflowId}
              onChange={(e) => setFilters({ ...filters, workflowId: e.target.value })}
            >
              <option value="">All workflows</option>
              {(workflows.data?.items ?? []).map((workflow) => (
                <option key={workflow.id} value={workflow.id}>
                  {workflow.name}
                </option>
              ))}
            </SelectField>
          </div>
        </div>
      </Card>
      <Card title="Runs">
        <QueryState query={runs} errorTitle="Couldn't load runs" />
        {workflows.error && <ErrorNotice error={workflows.error} title="Couldn't load workflow names" />}
        {runs.data && items.length === 0 && <p className="muted">No runs match these filters.</p>}
        {items.length > 0 && <RunsTable runs={items} workflowNames={names} />}
        {runs.hasNextPage && (
          <div className="form-actions">
            <Button onClick={() => runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
              {runs.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          </div>
        )}
      </Card>
      {starting && (
        <StartRunDialog
          workflows={workflows.data?.items ?? []}
          initialWorkflowId={filters.workflowId}
          onClose={() => setStarting(false)}
        />
      )}
    </>
  );
}

/** The way to the approvals inbox, with how many runs wait for a decision. */
function ApprovalsLink() {
  const inbox = useApprovalsInbox();
  const count = inbox.data?.pages.reduce((sum, page) => sum + page.items.length, 0) ?? 0;
  return (
    <Link to="/runs/approvals" className="btn btn-secondary approvals-link">
      Approvals{" "}
      {inbox.data && (
        <Badge tone={count > 0 ? "warn" : "neutral"}>
          {countText(count, inbox.hasNextPage)}
          <span className="visually-hidden"> waiting</span>
        </Badge>
      )}
    </Link>
  );
}

/** One toggle button per status; the pressed one is the filter in force. */
function StatusChips({ value, onChange }: { value: RunStatusFilter; onChange: (next: RunStatusFilter) => void }) {
  return (
    <fieldset className="chips">
      <legend className="visually-hidden">Status</legend>
      {RUN_STATUS_FILTERS.map((status) => (
        <button
          key={status}
          type="button"
          className="chip"
          aria-pressed={value === status}
          onClick={() => onChange(status)}
        >
          {status === "all" ? "All" : RUN_STATUS_LOOK[status].label}
        </button>
      ))}
    </fieldset>
  );
}
