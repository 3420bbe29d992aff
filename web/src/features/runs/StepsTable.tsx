/** The run's steps in topological order; choosing one shows it in the detail panel (the graph's keyboard twin). */
import type { StepView } from "../../../../worker/contracts/runs";
import { Badge } from "../../ui";
import { StepStatusBadge } from "./StatusBadge";
import { elapsedMs, formatDuration } from "./timing";

const NONE: ReadonlySet<string> = new Set();

/** Steps sorted by `index`; each name is a button that selects the step. `reused` steps (a rerun's) say so. */
export function StepsTable({
  steps,
  selectedNodeId,
  onSelect,
  now,
  reused = NONE,
}: {
  steps: readonly StepView[];
  selectedNodeId: string | null;
  onSelect: (nodeId: string) => void;
  now: number;
  reused?: ReadonlySet<string>;
}) {
  const ordered = [...steps].sort((a, b) => a.index - b.index);
  return (
    <div className="table-wrap">
      <table aria-label="Steps" className="steps-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Step</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((step) => {
            const selected = step.node_id === selectedNodeId;
            return (
              <tr key={step.node_id} className={selected ? "is-selected" : undefined}>
                <td className="muted">{step.index + 1}</td>
                <td>
                  <button
                    type="button"
                    className="step-link"
                    aria-current={selected ? "true" : undefined}
                    onClick={() => onSelect(step.node_id)}
                  >
                    {step.name}
                  </button>
                  <div className="muted small">
                    <code>{step.node_id}</code> · {step.node_type}
                  </div>
                </td>
                <td>
                  <StepStatusBadge status={step.status} />
                  {reused.has(step.node_id) && (
                    <>
                      {" "}
                      <Badge tone="info">Reused</Badge>
                    </>
                  )}
                  {step.skip_reason && <div className="muted small">{step.skip_reason}</div>}
                </td>
                <td>{step.attempts}</td>
                <td>{formatDuration(step.duration_ms ?? elapsedMs(step.started_at, step.finished_at, now))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
