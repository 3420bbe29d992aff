/**
 * The run's timeline: a waterfall of its steps over the run's span, one row per step in topological order and one
 * bar per attempt (retries show as gaps). The geometry is the pure `timeline`; this draws it as an accessible list.
 */
import { useMemo } from "react";
import type { StepView } from "../../../../worker/contracts/runs";
import { STEP_STATUS_LOOK } from "./run-status";
import { timeline, timelineTicks } from "./timeline";
import { formatDuration } from "./timing";

/** `now` stretches running steps while the run is live; `onSelect` gets a clicked row's step. */
export function RunTimeline({
  steps,
  run,
  now,
  selectedNodeId,
  onSelect,
}: {
  steps: readonly StepView[];
  run: { started_at: string | null; completed_at: string | null };
  now: number;
  selectedNodeId: string | null;
  onSelect: (nodeId: string) => void;
}) {
  const { started_at, completed_at } = run;
  const line = useMemo(
    () => timeline(steps, { started_at, completed_at }, now),
    [steps, started_at, completed_at, now],
  );
  const ticks = timelineTicks(line);
  return (
    <div className="timeline">
      <div className="timeline-axis" aria-hidden="true">
        {ticks.map((tick) => (
          <span key={tick.left} className="timeline-tick" style={{ left: `${tick.left}%` }}>
            {tick.label}
          </span>
        ))}
      </div>
      <ol className="timeline-rows" aria-label="Timeline">
        {line.rows.map((row) => (
          <li
            key={row.nodeId}
            aria-label={row.label}
            className={`timeline-row ${STEP_STATUS_LOOK[row.status].className}${
              row.nodeId === selectedNodeId ? " is-selected" : ""
            }`}
          >
            <button type="button" className="timeline-name step-link" onClick={() => onSelect(row.nodeId)}>
              {row.name}
            </button>
            <div className="timeline-track">
              {row.bars.map((bar) => (
                <span
                  key={bar.attempt}
                  role="img"
                  aria-label={bar.label}
                  title={bar.label}
                  className={`timeline-bar bar-${bar.outcome}`}
                  style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                />
              ))}
              {row.bars.length === 0 && <span className="timeline-empty muted small">not run</span>}
            </div>
            <span className="timeline-duration small muted">
              {row.durationMs === null ? "—" : formatDuration(row.durationMs)}
              {row.retryWaitMs > 0 && ` (${formatDuration(row.retryWaitMs)} waiting to retry)`}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
