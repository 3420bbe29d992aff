/**
 * `/runs/approvals`: the approvals inbox, every run of the org waiting for someone to approve or reject a step,
 * newest first, each linking to its run page (where the decision is made). Refreshes itself.
 */
import { Link } from "react-router";
import { useCan } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { Button, Card, Notice, PageHeader, QueryState } from "../../ui";
import { ProgressBar } from "./ProgressBar";
import { useApprovalsInbox, useWorkflowList } from "./run-queries";
import { workflowNames } from "./runs-query";

/** The inbox; people who can't decide (no `runs:control`) are told so up front. */
export function ApprovalsPage() {
  const canDecide = useCan("runs:control");
  const inbox = useApprovalsInbox();
  const workflows = useWorkflowList();
  const names = workflowNames(workflows.data?.items ?? []);
  const runs = inbox.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <p className="small">
        <Link to="/runs">← All runs</Link>
      </p>
      <PageHeader title="Approvals" description="Runs waiting for someone to approve or reject a step." />
      {!canDecide && (
        <Notice tone="warn">
          Your role can see these approvals but not decide them. Ask someone who may control runs.
        </Notice>
      )}
      <Card title="Waiting for a decision">
        <QueryState query={inbox} errorTitle="Couldn't load the approvals" />
        {inbox.data && runs.length === 0 && <p className="muted">Nothing is waiting for approval.</p>}
        {runs.length > 0 && (
          <div className="table-wrap">
            <table aria-label="Runs waiting for approval">
              <thead>
                <tr>
                  <th scope="col">Workflow</th>
                  <th scope="col">Version</th>
                  <th scope="col">Started</th>
                  <th scope="col">Progress</th>
                  <th scope="col">
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => {
                  const name = names.get(run.workflow_id) ?? run.workflow_id;
                  return (
                    <tr key={run.id}>
                      <td>
                        <Link to={`/runs/${run.id}`}>{name}</Link>
                        <div>
                          <code className="small muted">{run.id}</code>
                        </div>
                      </td>
                      <td>v{run.version}</td>
                      <td>
                        <time dateTime={run.started_at ?? run.created_at}>
                          {formatDateTime(run.started_at ?? run.created_at)}
                        </time>
                      </td>
                      <td className="runs-progress">
                        <ProgressBar value={run.progress} label={`Progress of ${name}`} />
                      </td>
                      <td>
                        <Link to={`/runs/${run.id}`} aria-label={`${canDecide ? "Decide" : "View"} run ${run.id}`}>
                          {canDecide ? "Decide →" : "View →"}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {inbox.hasNextPage && (
          <div className="form-actions">
            <Button onClick={() => inbox.fetchNextPage()} disabled={inbox.isFetchingNextPage}>
              {inbox.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
