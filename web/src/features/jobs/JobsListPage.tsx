/** `/jobs`: runbook executions, newest first, filtered by runbook and status (in the address), refreshing while live. */
import { Link, useSearchParams } from "react-router";
import { formatDateTime } from "../../lib/format";
import { Button, Card, PageHeader, QueryState, SelectField } from "../../ui";
import { RiskBadge } from "../runbooks/RiskBadge";
import { RunbookTabs } from "../runbooks/RunbookTabs";
import { useRunbooks } from "../runbooks/runbook-api";
import { JobStatusBadge } from "./JobStatusBadge";
import { useJobs } from "./job-api";
import {
  JOB_STATUS_FILTERS,
  type JobFilters,
  jobFiltersFromParams,
  jobFiltersToParams,
  parseJobStatus,
} from "./job-filters";
import { jobStatusLook } from "./job-view";

export function JobsListPage() {
  const [params, setParams] = useSearchParams();
  const filters = jobFiltersFromParams(params);
  const runbooks = useRunbooks();
  const jobs = useJobs(filters);
  const items = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  const setFilters = (next: JobFilters) => setParams(jobFiltersToParams(next));

  return (
    <>
      <PageHeader title="Jobs" description="Every runbook execution, live, with its logs, output and artifacts." />
      <RunbookTabs />
      <Card>
        <div className="rb-filters">
          <SelectField
            label="Runbook"
            value={filters.runbook}
            onChange={(e) => setFilters({ ...filters, runbook: e.target.value })}
          >
            <option value="">All runbooks</option>
            {(runbooks.data ?? []).map((runbook) => (
              <option key={runbook.name} value={runbook.name}>
                {runbook.title}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Status"
            value={filters.status}
            onChange={(e) => setFilters({ ...filters, status: parseJobStatus(e.target.value) })}
          >
            {JOB_STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {status ? jobStatusLook(status).label : "All statuses"}
              </option>
            ))}
          </SelectField>
        </div>
      </Card>
      <Card title="Jobs">
        <QueryState query={jobs} errorTitle="Couldn't load the jobs" />
        {jobs.data && items.length === 0 && <p className="muted">No jobs match these filters.</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="rb-table" aria-label="Jobs">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Runbook</th>
                  <th scope="col">Status</th>
                  <th scope="col">Risk</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <Link to={`/jobs/${encodeURIComponent(job.id)}`}>
                        <code className="small">{job.id}</code>
                      </Link>
                      {job.dry_run && <span className="badge dry-run-badge">Dry run</span>}
                    </td>
                    <td>{job.title || job.runbook}</td>
                    <td>
                      <JobStatusBadge status={job.status} waitReason={job.wait_reason} />
                    </td>
                    <td>
                      <RiskBadge risk={job.risk} />
                    </td>
                    <td className="small">
                      {formatDateTime(job.created_at)}
                      {job.created_by && <span className="muted"> · {job.created_by}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {jobs.hasNextPage && (
          <div className="form-actions">
            <Button onClick={() => jobs.fetchNextPage()} disabled={jobs.isFetchingNextPage}>
              {jobs.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
