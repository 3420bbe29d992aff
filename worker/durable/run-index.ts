/** Keeps a run's row in the D1 runs index in step with its object (status, progress, errors, times). */
import type { RunState, RunView } from "../engine/run";
import type { RunRecord } from "./run-store";

export async function syncRunIndex(db: D1Database, record: RunRecord, state: RunState, view: RunView): Promise<void> {
  const error = state.last_error;
  const deadline = state.timers.run_timeout?.due_at ?? null;
  await db
    .prepare(
      `UPDATE runs SET status = ?1, wait_reason = ?2, progress = ?3, error_code = ?4, error_human = ?5,
         started_at = ?6, completed_at = ?7, deadline_at = ?8, updated_at = ?9
       WHERE id = ?10 AND org_id = ?11`,
    )
    .bind(
      state.status,
      state.wait_reason,
      view.progress,
      error?.code ?? null,
      error?.human ?? null,
      state.started_at,
      state.completed_at,
      deadline,
      Date.now(),
      record.run_id,
      record.org_id,
    )
    .run();
}
