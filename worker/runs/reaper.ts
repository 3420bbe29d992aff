/**
 * The stuck-run reaper (minute cron): a run whose object hasn't reported progress for a while, or
 * whose deadline has passed, is woken (its alarm fires due timers, the run timeout among them, and
 * in-flight work is re-issued). A run whose object can't be reached is failed in the index with a
 * human reason, so nothing stays `running` forever.
 */
import { and, inArray, lt, or } from "drizzle-orm";
import { createDb } from "../db/client";
import { runs } from "../db/schema";
import { describeError, log } from "../lib/log";

/** A live run that hasn't touched its index row for this long gets a wake-up call. */
export const STALE_AFTER_MS = 5 * 60 * 1000;
/** A run this far past its deadline whose object doesn't answer is failed. */
export const GIVE_UP_AFTER_MS = 10 * 60 * 1000;
const BATCH = 100;
const LIVE = ["queued", "running", "waiting", "ready", "paused", "needs_review"];

export async function reapStuckRuns(env: Env, now: number): Promise<{ woken: number; failed: number }> {
  const db = createDb(env.DB);
  const candidates = await db
    .select({ id: runs.id, status: runs.status, deadlineAt: runs.deadlineAt })
    .from(runs)
    .where(and(inArray(runs.status, LIVE), or(lt(runs.updatedAt, now - STALE_AFTER_MS), lt(runs.deadlineAt, now))))
    .limit(BATCH);
  let woken = 0;
  let failed = 0;
  for (const run of candidates) {
    try {
      const { status } = await env.RUNS.get(env.RUNS.idFromName(run.id)).wake();
      if (status === "unknown") {
        // The index has the run but its object was never created (the start failed half-way).
        await env.DB.prepare(
          "UPDATE runs SET status = 'failed', error_code = 'engine_stalled', error_human = ?, completed_at = ?, updated_at = ? WHERE id = ? AND status = ?",
        )
          .bind(
            "The run could not be started (its run object was never created). Start it again.",
            now,
            now,
            run.id,
            run.status,
          )
          .run();
        failed++;
        continue;
      }
      woken++;
    } catch (err) {
      log("error", "reaper: run object did not answer", { run_id: run.id, error: describeError(err) });
      if (run.deadlineAt !== null && run.deadlineAt < now - GIVE_UP_AFTER_MS) {
        await env.DB.prepare(
          "UPDATE runs SET status = 'failed', error_code = 'engine_stalled', error_human = ?, completed_at = ?, updated_at = ? WHERE id = ? AND status = ?",
        )
          .bind(
            "The run stopped responding and passed its deadline; it was marked failed. Rerun it if needed.",
            now,
            now,
            run.id,
            run.status,
          )
          .run();
        failed++;
      }
    }
  }
  if (candidates.length > 0)
    log("info", "reaper: checked stuck runs", { candidates: candidates.length, woken, failed });
  return { woken, failed };
}
