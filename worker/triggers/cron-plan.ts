/**
 * What one cron tick does with one due schedule row, decided without I/O: the claim to make (the
 * new next_run_at, compared against the old one), and the due time to start a run for, if any.
 */
import { parseSchedule } from "../engine/schedule/cron";
import { dueOccurrences, type MissedRunPolicy } from "../engine/schedule/due";

/** A due schedule as the cron reads it from D1 (times in ms). */
export interface DueScheduleRow {
  id: string;
  orgId: string;
  workflowId: string;
  cron: string;
  timezone: string;
  missedRunPolicy: MissedRunPolicy;
  nextRunAt: number;
}

/** The claim for one row: move `next_run_at` from `expectedNextRunAt` to `nextRunAt` (compare-and-set). */
export type SchedulePlan =
  | {
      kind: "claim";
      row: DueScheduleRow;
      expectedNextRunAt: number;
      nextRunAt: number;
      /** The due time to start one run for; null when the missed-run policy drops it. */
      fire: number | null;
      missed: boolean;
    }
  /** The stored cron or zone no longer parses (e.g. a zone removed from the runtime's ICU data): stop it. */
  | { kind: "disable"; row: DueScheduleRow; expectedNextRunAt: number; reason: string };

/**
 * Plans a tick for one due row. `now` is the Cron Trigger's `scheduledTime`, so a slow invocation
 * doesn't count as late, and two invocations for the same minute plan identical claims (only one
 * of which can hold).
 */
export function planSchedule(row: DueScheduleRow, now: number): SchedulePlan {
  const parsed = parseSchedule({ cron: row.cron, timezone: row.timezone });
  if (!parsed.ok) return { kind: "disable", row, expectedNextRunAt: row.nextRunAt, reason: parsed.error.message };
  const due = dueOccurrences(parsed.schedule, {
    next_run_at: new Date(row.nextRunAt),
    now: new Date(now),
    policy: row.missedRunPolicy,
  });
  const [fire] = due.fire;
  return {
    kind: "claim",
    row,
    expectedNextRunAt: row.nextRunAt,
    nextRunAt: due.next_run_at.getTime(),
    fire: fire === undefined ? null : fire.getTime(),
    missed: due.missed,
  };
}

/**
 * A planner for one tick: {@link planSchedule} with `now` fixed, memoised by (cron, zone, policy,
 * next_run_at). Planning is pure, so rows that share those four values share one plan; schedules
 * cluster on a few expressions ("0 9 * * *"), and cron arithmetic is most of a tick's CPU time.
 * @example const plan = createPlanner(now); const plans = rows.map(plan);
 */
export function createPlanner(now: number): (row: DueScheduleRow) => SchedulePlan {
  const memo = new Map<string, SchedulePlan>();
  return (row) => {
    const key = JSON.stringify([row.cron, row.timezone, row.missedRunPolicy, row.nextRunAt]);
    const known = memo.get(key);
    if (known) return { ...known, row };
    const plan = planSchedule(row, now);
    memo.set(key, plan);
    return plan;
  };
}

/** Splits `items` into chunks of at most `size` (D1 batches, queue `sendBatch` calls). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be >= 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
