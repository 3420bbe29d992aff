/** Status badges of runs (with what a waiting run waits for) and of steps. */
import type { RunStatus, StepView } from "../../../../worker/contracts/runs";
import { Badge } from "../../ui";
import { RUN_STATUS_LOOK, STEP_STATUS_LOOK, waitReasonText } from "./run-status";

/** A run's status; a waiting run also says what it waits for, beside the badge. */
export function RunStatusBadge({ status, waitReason }: { status: RunStatus; waitReason?: string | null }) {
  const look = RUN_STATUS_LOOK[status];
  const reason = status === "waiting" ? waitReasonText(waitReason ?? null) : null;
  return (
    <span className="run-status">
      <Badge tone={look.tone}>{look.label}</Badge>
      {reason && <span className="muted small">{reason}</span>}
    </span>
  );
}

/** A step's status. */
export function StepStatusBadge({ status }: { status: StepView["status"] }) {
  const look = STEP_STATUS_LOOK[status];
  return <Badge tone={look.tone}>{look.label}</Badge>;
}
