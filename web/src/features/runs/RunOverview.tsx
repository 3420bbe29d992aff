/**
 * The run at a glance: status (and what it waits for), progress, current step, trigger, version, times,
 * correlation id, dry-run marker; then what went wrong, if anything (`RunProblems`).
 */
import type { RunDetail } from "../../../../worker/contracts/runs";
import { formatDateTime } from "../../lib/format";
import { Card } from "../../ui";
import { Fact } from "./Fact";
import { ProgressBar } from "./ProgressBar";
import { RunProblems } from "./RunProblems";
import { progressTone } from "./run-status";
import { RunStatusBadge } from "./StatusBadge";
import { runDurationText } from "./timing";

/** The overview card; `now` counts a live run's duration up. */
export function RunOverview({ run, now }: { run: RunDetail; now: number }) {
  return (
    <Card>
      {/* A polite live region: people using a screen reader hear the run finish or start waiting. */}
      <div className="run-overview-head" role="status" aria-label="Run status">
        <RunStatusBadge status={run.status} waitReason={run.wait_reason} />
        {run.dry_run && <span className="badge dry-run-badge">Dry run: nothing was sent or delivered</span>}
      </div>
      <ProgressBar value={run.progress} label="Run progress" tone={progressTone(run.status)} />
      <dl className="facts">
        <Fact term="Current step">
          {run.current_step ? `${run.current_step.label} (${run.current_step.node_type})` : "—"}
        </Fact>
        <Fact term="Trigger">{run.trigger.type}</Fact>
        <Fact term="Version">v{run.version}</Fact>
        <Fact term="Started">{formatDateTime(run.started_at, "not yet")}</Fact>
        <Fact term="Completed">{formatDateTime(run.completed_at, "not yet")}</Fact>
        <Fact term="Duration">{runDurationText(run, now)}</Fact>
        <Fact term="Correlation id">
          <code className="small">{run.correlation_id}</code>
        </Fact>
        {run.parent_run_id && (
          <Fact term="Parent run">
            <code className="small">{run.parent_run_id}</code>
          </Fact>
        )}
      </dl>
      <RunProblems run={run} />
    </Card>
  );
}
