/** How run and step statuses read and look: labels, badge tones, live vs finished, the graph legend. */
import type { RunStatus } from "../../../../worker/contracts/runs";
import type { StepStatus } from "../../../../worker/contracts/workflow";
import type { Tone } from "../../ui/Badge";

/** Label and badge tone of every run status (a `Record`, so a new status fails to compile until it is described). */
export const RUN_STATUS_LOOK: Readonly<Record<RunStatus, { label: string; tone: Tone }>> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "info" },
  needs_review: { label: "Needs review", tone: "warn" },
  ready: { label: "Ready", tone: "info" },
  waiting: { label: "Waiting", tone: "warn" },
  paused: { label: "Paused", tone: "neutral" },
  completed: { label: "Completed", tone: "ok" },
  failed: { label: "Failed", tone: "error" },
  canceled: { label: "Canceled", tone: "neutral" },
};

/** The status filter chips of the runs list, in the order shown (`"all"` clears the filter). */
export const RUN_STATUS_FILTERS = [
  "all",
  "queued",
  "running",
  "waiting",
  "completed",
  "failed",
  "canceled",
] as const satisfies readonly (RunStatus | "all")[];
export type RunStatusFilter = (typeof RUN_STATUS_FILTERS)[number];

const TERMINAL: ReadonlySet<RunStatus> = new Set<RunStatus>(["completed", "failed", "canceled"]);

/**
 * True while a run can still change by itself or by a person (anything but completed, failed, canceled): screens
 * keep polling it and offer Cancel.
 * @example isLiveRun("waiting") // true
 */
export function isLiveRun(status: RunStatus): boolean {
  return !TERMINAL.has(status);
}

/** True when any of the runs is live (the runs list refreshes itself while so). */
export function anyLiveRun(runs: readonly { status: RunStatus }[]): boolean {
  return runs.some((run) => isLiveRun(run.status));
}

/** The filter chip that matches a `?status=` value; anything unknown shows all runs. */
export function parseStatusFilter(value: string | null): RunStatusFilter {
  return RUN_STATUS_FILTERS.find((filter) => filter === value) ?? "all";
}

/**
 * What a waiting run waits for, in words. Unknown reasons (a newer server) still read sensibly.
 * @example waitReasonText("approval") // "waiting for approval"
 */
export function waitReasonText(reason: string | null): string | null {
  switch (reason) {
    case null:
      return null;
    case "approval":
      return "waiting for approval";
    case "event":
      return "waiting for an event";
    case "timer":
      return "waiting for a timer";
    case "child":
      return "waiting for a child run";
    case "concurrency":
      return "waiting for a free slot";
    default:
      return `waiting (${reason})`;
  }
}

/** Progress bar colour: red once failed, green once completed, blue otherwise (canceled runs stay neutral blue). */
export function progressTone(status: RunStatus): "info" | "ok" | "error" {
  if (status === "failed") return "error";
  return status === "completed" ? "ok" : "info";
}

/** Label, badge tone and graph colour class of every step status. */
export const STEP_STATUS_LOOK: Readonly<Record<StepStatus, { label: string; tone: Tone; className: string }>> = {
  pending: { label: "Pending", tone: "neutral", className: "step-pending" },
  running: { label: "Running", tone: "info", className: "step-running" },
  waiting: { label: "Waiting", tone: "warn", className: "step-waiting" },
  succeeded: { label: "Succeeded", tone: "ok", className: "step-succeeded" },
  failed: { label: "Failed", tone: "error", className: "step-failed" },
  skipped: { label: "Skipped", tone: "neutral", className: "step-skipped" },
  canceled: { label: "Canceled", tone: "neutral", className: "step-canceled" },
};

/** The graph legend: every step status in lifecycle order. */
export const STEP_LEGEND: readonly StepStatus[] = [
  "pending",
  "running",
  "waiting",
  "succeeded",
  "failed",
  "skipped",
  "canceled",
];

/** The node-id → step-status map the graph colours nodes with. */
export function stepStatuses(steps: readonly { node_id: string; status: StepStatus }[]): Record<string, StepStatus> {
  return Object.fromEntries(steps.map((step) => [step.node_id, step.status]));
}
