/** How a runbook's risk level reads and looks: badge label and tone, and what the level means before Execute. */
import type { RunbookRisk } from "../../../../worker/runbooks/types";
import type { Tone } from "../../ui/Badge";

/** Label, badge tone and the notice shown on the runbook page, per risk level. */
export const RISK_LOOK: Readonly<Record<RunbookRisk, { label: string; tone: Tone; notice: string }>> = {
  low: { label: "Low risk", tone: "ok", notice: "Low risk: it starts right away." },
  medium: {
    label: "Medium risk",
    tone: "warn",
    notice: "Medium risk: it changes systems. Check the inputs, or run it as a dry run first.",
  },
  high: {
    label: "High risk",
    tone: "error",
    notice: "High risk: this runbook needs an approval before it starts.",
  },
};

/**
 * Whether executing starts the work at once or waits for a person to approve it first.
 * @example needsApproval("high") // true
 */
export function needsApproval(risk: RunbookRisk): boolean {
  switch (risk) {
    case "high":
      return true;
    case "low":
    case "medium":
      return false;
    default: {
      const _never: never = risk;
      throw new Error(`unknown risk ${String(_never)}`);
    }
  }
}
