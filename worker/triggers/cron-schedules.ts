/**
 * The minute cron's schedule job. It claims due schedules with a compare-and-set on `next_run_at`
 * (overlapping or retried ticks can't double-fire), writes an outbox row per run to start in the same
 * D1 batch, and hands the starts to the `run-starts` queue, so thousands of due schedules are spread
 * over consumer invocations instead of one. Outbox rows whose message got lost are re-sent.
 */
import type { RunStartMessage } from "../contracts/triggers";
import {
  type ClaimedStart,
  claimSchedules,
  listDueSchedulesForSystem,
  pruneScheduledStartsForSystem,
  takeStaleStartsForSystem,
} from "../db/repos/triggers-schedules";
import { describeError, log } from "../lib/log";
import { chunk, createPlanner, type DueScheduleRow, type SchedulePlan } from "./cron-plan";

/** Due schedules read per query. */
const PAGE_SIZE = 1_000;
/** Schedules claimed per D1 batch (two statements each). */
const CLAIM_CHUNK = 50;
/** D1 claim batches in flight at once. */
const CLAIM_LANES = 4;
/** Messages per `sendBatch` (the platform's maximum is 100). */
const SEND_CHUNK = 100;
/** Pages read per tick at most (100,000 schedules); the rest are due on the next tick. */
const MAX_PAGES = 100;
/** A pending outbox row whose message is older than this is sent again. */
export const RESEND_AFTER_MS = 2 * 60_000;
const RESEND_LIMIT = 1_000;
/** Finished outbox rows are kept this long (history for debugging), then pruned a page per tick. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 60 * 60_000;
const PRUNE_LIMIT = 1_000;

export interface ScheduleTickResult {
  /** Due schedules seen. */
  due: number;
  /** Claims that held and have a run to start (outbox rows written, messages sent). */
  claimed: number;
  /** Due schedules whose time the missed-run policy dropped (next_run_at moves on, no run). */
  skipped: number;
  /** Outbox rows re-sent because their message was lost. */
  resent: number;
}

/** Sends start messages in chunks; a failed send leaves the rows pending for the next tick's resend. */
async function enqueue(queue: Queue, starts: readonly ClaimedStart[]): Promise<void> {
  for (const part of chunk(starts, SEND_CHUNK)) {
    const body: RunStartMessage[] = part.map((s) => ({ kind: "schedule", schedule_id: s.scheduleId, due_at: s.dueAt }));
    try {
      await queue.sendBatch(body.map((message) => ({ body: message })));
    } catch (err) {
      log("error", "schedules: sending run starts failed; the next tick re-sends them", {
        count: part.length,
        error: describeError(err),
      });
    }
  }
}

/** Plans a page of due rows; a row that can't be planned is logged and left due (it must not stop the others). */
function planPage(rows: readonly DueScheduleRow[], planner: (row: DueScheduleRow) => SchedulePlan): SchedulePlan[] {
  const plans: SchedulePlan[] = [];
  let missed = 0;
  for (const row of rows) {
    try {
      const plan = planner(row);
      plans.push(plan);
      if (plan.kind === "disable") {
        log("error", "schedules: disabling a schedule that no longer parses", {
          schedule_id: row.id,
          reason: plan.reason,
        });
      } else if (plan.missed) {
        missed++;
      }
    } catch (err) {
      log("error", "schedules: planning a schedule failed", { schedule_id: row.id, error: describeError(err) });
    }
  }
  // One line, not one per schedule: after an outage every schedule has missed times.
  if (missed > 0) log("info", "schedules: missed fire times (applied each schedule's missed-run policy)", { missed });
  return plans;
}

/** Claims plans in chunks, a few D1 batches in flight at once so round trips overlap. */
async function claimInLanes(db: D1Database, plans: readonly SchedulePlan[], now: number): Promise<ClaimedStart[]> {
  const chunks = chunk(plans, CLAIM_CHUNK);
  const claimed: ClaimedStart[][] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CLAIM_LANES, chunks.length) }, async () => {
      while (next < chunks.length) {
        const index = next++;
        claimed[index] = await claimSchedules(db, chunks[index] ?? [], now);
      }
    }),
  );
  return claimed.flat();
}

/**
 * One tick for every org's schedules at `now` (the Cron Trigger's `scheduledTime`).
 * @example await runCronSchedules(env, controller.scheduledTime);
 */
export async function runCronSchedules(
  env: { DB: D1Database; RUN_STARTS: Queue },
  now: number,
): Promise<ScheduleTickResult> {
  const startedAt = Date.now();
  const result: ScheduleTickResult = { due: 0, claimed: 0, skipped: 0, resent: 0 };
  // Re-send first: rows claimed by this tick are fresh and never count as stale.
  const stale = await takeStaleStartsForSystem(env.DB, now, RESEND_AFTER_MS, RESEND_LIMIT);
  if (stale.length > 0) {
    log("warn", "schedules: re-sending run starts whose message was lost", { count: stale.length });
    await enqueue(env.RUN_STARTS, stale);
    result.resent = stale.length;
  }

  await pruneScheduledStartsForSystem(env.DB, now - OUTBOX_RETENTION_MS, PRUNE_LIMIT);

  const planner = createPlanner(now);
  let after: { nextRunAt: number; id: string } | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await listDueSchedulesForSystem(env.DB, now, after, PAGE_SIZE);
    const last = rows.at(-1);
    if (!last) break;
    after = { nextRunAt: last.nextRunAt, id: last.id };
    result.due += rows.length;
    const plans = planPage(rows, planner);
    const claimed = await claimInLanes(env.DB, plans, now);
    result.claimed += claimed.length;
    result.skipped += plans.filter((p) => p.kind === "claim" && p.fire === null).length;
    await enqueue(env.RUN_STARTS, claimed);
    if (rows.length < PAGE_SIZE) break;
  }
  if (result.due > 0) {
    log("info", "schedules: tick", {
      scheduled_time: new Date(now).toISOString(),
      duration_ms: Date.now() - startedAt,
      ...result,
    });
  }
  return result;
}
