/** A job's status badge (with what a waiting job waits for). */
import { Badge } from "../../ui";
import { waitReasonText } from "../runs/run-status";
import { jobStatusLook } from "./job-view";

export function JobStatusBadge({ status, waitReason }: { status: string; waitReason?: string | null }) {
  const look = jobStatusLook(status);
  const reason = status === "waiting" ? waitReasonText(waitReason ?? null) : null;
  return (
    <span className="run-status">
      <Badge tone={look.tone}>{look.label}</Badge>
      {reason && <span className="muted small">{reason}</span>}
    </span>
  );
}
