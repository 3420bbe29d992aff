/** The runs table: one row per run with its status, workflow, version, trigger, progress, timing and error. */
import { Link } from "react-router";
import type { RunSummary } from "../../../../worker/contracts/runs";
import { formatDateTime } from "../../lib/format";
import { ProgressBar } from "./ProgressBar";
import { useNow } from "./run-queries";
import { anyLiveRun, progressTone } from "./run-status";
import { RunStatusBadge } from "./StatusBadge";
import { runDurationText } from "./timing";

/** `workflowNames` maps workflow ids to names; unknown ids show as the id. */
export function RunsTable({
  runs,
  workflowNames,
}: {
  runs: readonly RunSummary[];
  workflowNames: Map<string, string>;
}) {
  const now = useNow(anyLiveRun(runs));
  return (
    <div className="table-wrap">
      <table aria-label="Runs" className="runs-table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Workflow</th>
            <th scope="col">Version</th>
            <th scope="col">Trigger</th>
            <th scope="col">Progress</th>
            <th scope="col">Created</th>
            <th scope="col">Duration</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const name = workflowNames.get(run.workflow_id) ?? run.workflow_id;
            return (
              <tr key={run.id}>
                <td>
                  <RunStatusBadge status={run.status} waitReason={run.wait_reason} />
                  {run.dry_run && <span className="badge dry-run-badge">dry run</span>}
                </td>
                <td>
                  <Link to={`/runs/${run.id}`}>{name}</Link>
                  <div>
                    <code className="small muted">{run.id}</code>
                  </div>
                </td>
                <td>v{run.version}</td>
                <td>{run.trigger_type}</td>
                <td className="runs-progress">
                  <ProgressBar value={run.progress} label={`Progress of ${name}`} tone={progressTone(run.status)} />
                </td>
                <td>
                  <time dateTime={run.created_at}>{formatDateTime(run.created_at)}</time>
                </td>
                <td>{runDurationText(run, now)}</td>
                <td className="runs-error">{run.error_human ?? <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
