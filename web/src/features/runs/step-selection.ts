/** Which step the run page shows in detail when the person hasn't picked one: the one that needs attention. */
import type { StepView } from "../../../../worker/contracts/runs";

type StepLike = Pick<StepView, "node_id" | "status" | "index">;

/** Statuses in the order they deserve attention. */
const ATTENTION: readonly StepView["status"][] = ["waiting", "failed", "running"];

/**
 * The step asked for in the address when it exists; else a waiting, failed or running step (first in topological
 * order); else the run's current step; else the first step. Null for a run without steps.
 * @example selectedStepId(steps, "deploy", null) // "deploy"
 */
export function selectedStepId(
  steps: readonly StepLike[],
  requested: string | null,
  currentNodeId: string | null,
): string | null {
  const byIndex = [...steps].sort((a, b) => a.index - b.index);
  if (requested && byIndex.some((step) => step.node_id === requested)) return requested;
  for (const status of ATTENTION) {
    const match = byIndex.find((step) => step.status === status);
    if (match) return match.node_id;
  }
  if (currentNodeId && byIndex.some((step) => step.node_id === currentNodeId)) return currentNodeId;
  return byIndex[0]?.node_id ?? null;
}
