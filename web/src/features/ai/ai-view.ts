// Pure helpers of the Ask AI panel: the plan goal prefilled from a diagnosis, likelihood tones, job links, error kinds.
import type { Diagnosis, Likelihood, Plan } from "../../../../worker/contracts/ai";
import { ApiError } from "../../lib/api";
import type { Tone } from "../../ui";

/** Where an owner sets up the AI assistant (Settings → Organization). */
export const AI_SETTINGS_PATH = "/settings";

/**
 * The goal a "Plan a fix" starts from: the diagnosis summary, its most likely hypothesis and the runbook it
 * suggested, if any. The person can edit it before asking.
 * @example planGoalFrom(d) // "Fix the failed run: The token expired. Most likely: Revoked token. Consider portainer_inventory."
 */
export function planGoalFrom(diagnosis: Pick<Diagnosis, "summary" | "hypotheses" | "suggested_actions">): string {
  const order: Record<Likelihood, number> = { high: 0, medium: 1, low: 2 };
  const top = [...diagnosis.hypotheses].sort((a, b) => order[a.likelihood] - order[b.likelihood])[0];
  const runbook = diagnosis.suggested_actions.find((action) => action.runbook)?.runbook?.name;
  return [
    `Fix the failed run: ${diagnosis.summary}`,
    top ? `Most likely: ${top.title}.` : null,
    runbook ? `Consider the runbook ${runbook}.` : null,
  ]
    .filter((part): part is string => part !== null)
    .join(" ");
}

/** The badge tone of a hypothesis' likelihood. */
export function likelihoodTone(likelihood: Likelihood): Tone {
  switch (likelihood) {
    case "high":
      return "error";
    case "medium":
      return "warn";
    case "low":
      return "neutral";
    default: {
      const _never: never = likelihood;
      return _never;
    }
  }
}

/** The page of a started job. */
export function jobPath(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`;
}

/** Whether the error says AI is not set up (the panel then links to the settings). */
export function isNotConfigured(error: unknown): boolean {
  return error instanceof ApiError && error.code === "ai_not_configured";
}

/** One line per plan step that could not start, for the person to act on. */
export function startFailures(plan: Pick<Plan, "steps">): string[] {
  return plan.steps.flatMap((step) =>
    step.start_error ? [`${step.runbook}: ${step.start_error.message} (${step.start_error.code})`] : [],
  );
}
