/**
 * The run timeline's geometry (a waterfall, like Inngest's run details): each step's attempts → bars with `left`
 * and `width` as percentages of the run's span, one row per step in topological order, retries visible as the gaps
 * between a step's bars. Pure: the component only draws what this returns.
 */
import type { StepView } from "../../../../worker/contracts/runs";
import { STEP_STATUS_LOOK } from "./run-status";
import { formatDuration } from "./timing";

type StepLike = Pick<StepView, "node_id" | "name" | "index" | "status" | "started_at" | "finished_at"> & {
  attempt_history: readonly Pick<
    StepView["attempt_history"][number],
    "attempt" | "started_at" | "finished_at" | "outcome"
  >[];
};

/** What a bar stands for: an attempt's outcome, or still going. */
export type BarOutcome = StepView["attempt_history"][number]["outcome"] | "running";

/** One attempt of a step, placed on the span. */
export interface TimelineBar {
  attempt: number;
  outcome: BarOutcome;
  /** Percent of the run's span from its start to the bar's start (0–100). */
  left: number;
  /** Percent of the span the bar covers; never below `MIN_BAR_PCT`, so an instant step still shows. */
  width: number;
  durationMs: number;
  /** "Fetch user: attempt 2 of 2, succeeded, 1.2 s": the bar's accessible name and tooltip. */
  label: string;
}

/** One step: its bars and what the row says to assistive tech. */
export interface TimelineRow {
  nodeId: string;
  name: string;
  status: StepView["status"];
  bars: TimelineBar[];
  /** Time between attempts (backoff before a retry), summed. */
  retryWaitMs: number;
  /** First attempt's start to the last one's end (or now). Null for a step that never ran. */
  durationMs: number | null;
  /** "Fetch user: succeeded in 3.4 s after 2 attempts": the row's accessible name. */
  label: string;
}

/** The whole waterfall. */
export interface Timeline {
  /** Epoch ms of the span's start and end (the end is `now` while the run is live). */
  startMs: number;
  endMs: number;
  rows: TimelineRow[];
}

/** The narrowest bar, in percent of the span. */
export const MIN_BAR_PCT = 0.5;

const OUTCOME_WORDS: Readonly<Record<BarOutcome, string>> = {
  succeeded: "succeeded",
  failed: "failed",
  waiting: "waiting",
  interrupted: "interrupted",
  running: "running",
};

function ms(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

interface Interval {
  attempt: number;
  outcome: BarOutcome;
  start: number;
  end: number;
}

/**
 * A step's attempts as intervals; a step with no history but a start time is one attempt. An attempt without an
 * end is still running (or was cut short when the step ended); a waiting step's last attempt lasts until now.
 */
function intervalsOf(step: StepLike, now: number): Interval[] {
  const history = [...step.attempt_history].sort((a, b) => a.attempt - b.attempt);
  const stepEnd = ms(step.finished_at);
  const fromHistory = history.flatMap((attempt, index): Interval[] => {
    const start = ms(attempt.started_at);
    if (start === null) return [];
    const last = index === history.length - 1;
    const end = ms(attempt.finished_at);
    if (last && step.status === "waiting") return [{ attempt: attempt.attempt, outcome: "waiting", start, end: now }];
    if (end !== null) return [{ attempt: attempt.attempt, outcome: attempt.outcome, start, end: Math.max(start, end) }];
    if (stepEnd !== null)
      return [{ attempt: attempt.attempt, outcome: "interrupted", start, end: Math.max(start, stepEnd) }];
    return [{ attempt: attempt.attempt, outcome: "running", start, end: Math.max(start, now) }];
  });
  if (fromHistory.length > 0) return fromHistory;
  const start = ms(step.started_at);
  if (start === null) return [];
  const outcome: BarOutcome =
    stepEnd === null
      ? step.status === "waiting"
        ? "waiting"
        : "running"
      : step.status === "failed"
        ? "failed"
        : "succeeded";
  return [{ attempt: 1, outcome, start, end: Math.max(start, stepEnd ?? now) }];
}

function rowLabel(step: StepLike, intervals: readonly Interval[], durationMs: number | null): string {
  const status = STEP_STATUS_LOOK[step.status].label.toLowerCase();
  if (durationMs === null) return `${step.name}: ${status}, not run`;
  const attempts = intervals.length > 1 ? ` after ${intervals.length} attempts` : "";
  return `${step.name}: ${status}, ${formatDuration(durationMs)}${attempts}`;
}

/**
 * The waterfall of `steps` over the run's span: from the run's start (or the first step's, if earlier) to its end,
 * or to `now` while it is live (injected, so tests control it). Steps that never ran keep their row, without bars.
 * @example timeline(steps, run, Date.now()).rows[0]?.bars[0] // { left: 0, width: 12.5, label: "Fetch user: …" }
 */
export function timeline(
  steps: readonly StepLike[],
  run: { started_at: string | null; completed_at: string | null },
  now: number,
): Timeline {
  const ordered = [...steps].sort((a, b) => a.index - b.index);
  const intervals = new Map(ordered.map((step) => [step.node_id, intervalsOf(step, now)]));
  const all = [...intervals.values()].flat();
  const runStart = ms(run.started_at);
  const startMs = Math.min(...all.map((i) => i.start), runStart ?? Number.POSITIVE_INFINITY);
  const runEnd = ms(run.completed_at);
  const endMs = Math.max(...all.map((i) => i.end), runEnd ?? now);
  if (!Number.isFinite(startMs)) return { startMs: now, endMs: now, rows: ordered.map((step) => emptyRow(step)) };
  // An instant run still gets a span to divide by.
  const span = Math.max(1, endMs - startMs);
  const rows = ordered.map((step): TimelineRow => {
    const own = intervals.get(step.node_id) ?? [];
    if (own.length === 0) return emptyRow(step);
    const first = own[0]?.start ?? startMs;
    const last = Math.max(...own.map((i) => i.end));
    const busy = own.reduce((sum, i) => sum + (i.end - i.start), 0);
    const durationMs = last - first;
    const bars = own.map((interval): TimelineBar => {
      const left = clamp(((interval.start - startMs) / span) * 100, 0, 100 - MIN_BAR_PCT);
      const width = clamp(((interval.end - interval.start) / span) * 100, MIN_BAR_PCT, 100 - left);
      const durationMs = interval.end - interval.start;
      const which = own.length > 1 ? `attempt ${interval.attempt} of ${own.length}, ` : "";
      return {
        attempt: interval.attempt,
        outcome: interval.outcome,
        left: round(left),
        width: round(width),
        durationMs,
        label: `${step.name}: ${which}${OUTCOME_WORDS[interval.outcome]}, ${formatDuration(durationMs)}`,
      };
    });
    return {
      nodeId: step.node_id,
      name: step.name,
      status: step.status,
      bars,
      retryWaitMs: Math.max(0, durationMs - busy),
      durationMs,
      label: rowLabel(step, own, durationMs),
    };
  });
  return { startMs, endMs: startMs + span, rows };
}

function emptyRow(step: StepLike): TimelineRow {
  return {
    nodeId: step.node_id,
    name: step.name,
    status: step.status,
    bars: [],
    retryWaitMs: 0,
    durationMs: null,
    label: rowLabel(step, [], null),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Two decimals: enough for a pixel on any screen, and stable numbers in the DOM and in tests. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Tick marks along the span: `count` evenly spaced labels ("0 s", "2.5 s", …) at their percent positions.
 * @example timelineTicks({ startMs: 0, endMs: 10_000, rows: [] }, 3) // [{ left: 0, label: "0 ms" }, { left: 50, label: "5 s" }, …]
 */
export function timelineTicks(line: Pick<Timeline, "startMs" | "endMs">, count = 5): { left: number; label: string }[] {
  const span = line.endMs - line.startMs;
  if (span <= 0 || count < 2) return [];
  return Array.from({ length: count }, (_, i) => {
    const fraction = i / (count - 1);
    return { left: round(fraction * 100), label: formatDuration(Math.round(fraction * span)) };
  });
}
