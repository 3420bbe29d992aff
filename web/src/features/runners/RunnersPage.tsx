/**
 * `/runners`: the org's self-hosted runners (status, labels, last seen, the task each is running), registering a
 * new one (its token and start command shown once), and revoking one.
 */
import { Link } from "react-router";
import { useCan } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { Badge, Card, ConfirmButton, ErrorNotice, PageHeader, QueryState } from "../../ui";
import { RegisterRunner } from "./RegisterRunner";
import { type Runner, useRevokeRunner, useRunners } from "./runner-api";
import { lastSeenText, RUNNER_STATUS_LOOK } from "./runner-view";
import "../runbooks/runbooks.css";

export function RunnersPage() {
  const canManage = useCan("runners:manage");
  const runners = useRunners();
  const revoke = useRevokeRunner();
  const items = runners.data ?? [];

  return (
    <>
      <PageHeader
        title="Runners"
        description="Machines you run that execute runbook steps needing your network or tools (shell, Ansible)."
      />
      {canManage && <RegisterRunner />}
      <Card title="Runners">
        <QueryState query={runners} errorTitle="Couldn't load the runners" />
        {runners.data && items.length === 0 && <p className="muted">No runners registered yet.</p>}
        {revoke.error && <ErrorNotice error={revoke.error} title="The runner wasn't revoked" />}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="rb-table" aria-label="Runners">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Labels</th>
                  <th scope="col">Status</th>
                  <th scope="col">Current task</th>
                  <th scope="col">Version</th>
                  {canManage && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((runner) => (
                  <RunnerRow
                    key={runner.id}
                    runner={runner}
                    canManage={canManage}
                    revoking={revoke.isPending && revoke.variables === runner.id}
                    onRevoke={() => revoke.mutate(runner.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function RunnerRow({
  runner,
  canManage,
  revoking,
  onRevoke,
}: {
  runner: Runner;
  canManage: boolean;
  revoking: boolean;
  onRevoke: () => void;
}) {
  const look = RUNNER_STATUS_LOOK[runner.status];
  const revoked = runner.revoked_at !== null;
  return (
    <tr>
      <td>{runner.name}</td>
      <td>
        {runner.labels.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          runner.labels.map((label) => (
            <code key={label} className="small rb-label">
              {label}
            </code>
          ))
        )}
      </td>
      <td>
        <span className="run-status">
          {revoked ? <Badge tone="error">Revoked</Badge> : <Badge tone={look.tone}>{look.label}</Badge>}
          <span className="muted small">
            {revoked
              ? `revoked ${formatDateTime(runner.revoked_at)}`
              : lastSeenText(runner.status, runner.last_seen_at, (iso) => formatDateTime(iso))}
          </span>
        </span>
      </td>
      <td>
        {runner.current_task ? (
          <Link to={`/jobs/${encodeURIComponent(runner.current_task.job_id)}`}>
            {runner.current_task.node_id} of job <code className="small">{runner.current_task.job_id}</code>
          </Link>
        ) : (
          <span className="muted">idle</span>
        )}
      </td>
      <td className="small">{runner.version ?? "—"}</td>
      {canManage && (
        <td className="row-actions">
          {!revoked && (
            <ConfirmButton
              label="Revoke"
              accessibleName={`Revoke ${runner.name}`}
              confirmLabel="Revoke"
              question={`Revoke ${runner.name}? Its token stops working at once.`}
              busy={revoking}
              onConfirm={onRevoke}
            />
          )}
        </td>
      )}
    </tr>
  );
}
