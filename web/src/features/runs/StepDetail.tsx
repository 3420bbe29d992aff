/**
 * One step in detail: status, timings, why it was skipped or which branch it took, its errors (human first,
 * technical on demand), every attempt with the wait before each retry, and its redacted input and output.
 */
import type { ReactNode } from "react";
import type { StepView } from "../../../../worker/contracts/runs";
import { formatDateTime } from "../../lib/format";
import { approvalRequestOf } from "./approval-request";
import { attemptRows, OUTCOME_LABEL, retryText } from "./attempts";
import { Fact } from "./Fact";
import { JsonBlock } from "./JsonBlock";
import { StepStatusBadge } from "./StatusBadge";
import { elapsedMs, formatDuration } from "./timing";

/**
 * The detail panel of `step`; `now` counts running attempts up. `reused`: a rerun took this step's output from the
 * earlier run. `children` go at the end (the rerun form of a finished run).
 */
export function StepDetail({
  step,
  now,
  reused = false,
  children,
}: {
  step: StepView;
  now: number;
  reused?: boolean;
  children?: ReactNode;
}) {
  const approval = approvalRequestOf(step);
  return (
    <section className="step-detail" aria-labelledby={`step-${step.node_id}`}>
      <h3 id={`step-${step.node_id}`}>
        {step.name} <StepStatusBadge status={step.status} />
      </h3>
      <dl className="facts">
        <Fact term="Step id">
          <code>{step.node_id}</code>
        </Fact>
        <Fact term="Type">{step.node_type}</Fact>
        <Fact term="Attempts">{step.attempts}</Fact>
        <Fact term="Started">{formatDateTime(step.started_at)}</Fact>
        <Fact term="Finished">{formatDateTime(step.finished_at)}</Fact>
        <Fact term="Duration">
          {formatDuration(step.duration_ms ?? elapsedMs(step.started_at, step.finished_at, now))}
        </Fact>
        {step.branch !== null && <Fact term="Branch taken">{step.branch}</Fact>}
      </dl>
      {reused && (
        <p className="notice">
          <strong>Reused:</strong> this rerun took the step's output from the earlier run instead of running it again.
        </p>
      )}
      {step.skip_reason && (
        <p>
          <strong>Skipped:</strong> {step.skip_reason}
        </p>
      )}
      {approval && (
        <div className="notice notice-warn">
          <strong>Waiting for a decision</strong>
          <p>{approval.message}</p>
          <p className="small muted">Approve or reject it in the “Approval needed” panel above.</p>
        </div>
      )}
      {(step.error_human || step.error_tech) && (
        <div className="error-notice">
          <strong>{step.error_human ?? "The step failed"}</strong>
          {step.error_code && (
            <p className="small muted">
              <code>{step.error_code}</code>
            </p>
          )}
          {step.error_tech && (
            <details>
              <summary>Technical details</summary>
              <pre className="run-json">{step.error_tech}</pre>
            </details>
          )}
        </div>
      )}
      {step.attempt_history.length > 0 && <Attempts step={step} now={now} />}
      <div className="json-pair">
        <JsonBlock label="Input (data_in)" value={step.data_in} />
        <JsonBlock label="Output (data_out)" value={step.data_out} />
      </div>
      {children}
    </section>
  );
}

function Attempts({ step, now }: { step: StepView; now: number }) {
  const rows = attemptRows(step.attempt_history, now);
  return (
    <div className="table-wrap">
      <table aria-label={`Attempts of ${step.name}`}>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Outcome</th>
            <th scope="col">Started</th>
            <th scope="col">Took</th>
            <th scope="col">Error</th>
            <th scope="col">Then</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.attempt}>
              <td>{row.attempt}</td>
              <td>{OUTCOME_LABEL[row.outcome]}</td>
              <td>{formatDateTime(row.startedAt)}</td>
              <td>{formatDuration(row.durationMs)}</td>
              <td>
                {row.error ?? "—"}
                {row.errorCode && row.error !== row.errorCode && (
                  <div className="small muted">
                    <code>{row.errorCode}</code>
                  </div>
                )}
              </td>
              <td>{retryText(row.retry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
