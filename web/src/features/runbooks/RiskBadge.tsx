/** A runbook's risk level as a colored badge. */
import type { RunbookRisk } from "../../../../worker/runbooks/types";
import { Badge } from "../../ui";
import { RISK_LOOK } from "./risk";

export function RiskBadge({ risk }: { risk: RunbookRisk }) {
  const look = RISK_LOOK[risk];
  return <Badge tone={look.tone}>{look.label}</Badge>;
}
