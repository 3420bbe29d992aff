/**
 * Schedules and the `scheduled_starts` outbox. CRUD takes an `OrgScope`; the cron's queries are
 * system-wide on purpose (one tick serves every org) and say so in their names.
 */
import { and, eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { DueScheduleRow, SchedulePlan } from "../../triggers/cron-plan";
import { createDb } from "../client";
import { scheduledStarts, schedules } from "../schema";

export type ScheduleRow = typeof schedules.$inferSelect;
export type ScheduledStartRow = typeof scheduledStarts.$inferSelect;

export async function getSchedule(
  d1: D1Database,
  scope: OrgScope,
  workflowId: string,
): Promise<ScheduleRow | undefined> {
  return createDb(d1)
    .select()
    .from(schedules)
    .where(and(eq(schedules.orgId, scope.orgId), eq(schedules.workflowId, workflowId)))
    .get();
}

export interface ScheduleValues {
  cron: string;
  timezone: string;
  enabled: boolean;
  missedRunPolicy: "skip" | "run_once";
  nextRunAt: number | null;
}

/** Creates or replaces the workflow's schedule (one per workflow); `last_scheduled_run` is kept. */
export async function putSchedule(
  d1: D1Database,
  scope: OrgScope,
  workflowId: string,
  values: ScheduleValues & { id: string; createdBy: string },
): Promise<ScheduleRow> {
  const now = Date.now();
  const { id, createdBy, ...settings } = values;
  const [row] = await createDb(d1)
    .insert(schedules)
    .values({ id, orgId: scope.orgId, workflowId, createdBy, createdAt: now, updatedAt: now, ...settings })
    .onConflictDoUpdate({ target: schedules.workflowId, set: { ...settings, updatedAt: now } })
    .returning();
  if (!row || row.orgId !== scope.orgId) throw new Error("schedule upsert returned another org's row");
  return row;
}

export async function deleteSchedule(d1: D1Database, scope: OrgScope, workflowId: string): Promise<boolean> {
  const rows = await createDb(d1)
    .delete(schedules)
    .where(and(eq(schedules.orgId, scope.orgId), eq(schedules.workflowId, workflowId)))
    .returning({ id: schedules.id });
  return rows.length > 0;
}

/** A schedule by id, for the queue consumer (system-wide: the message carries only the id). */
export async function getScheduleByIdForSystem(d1: D1Database, id: string): Promise<ScheduleRow | undefined> {
  return createDb(d1).select().from(schedules).where(eq(schedules.id, id)).get();
}

/**
 * One page of due, enabled schedules of active workflows, every org, oldest due first. Keyset
 * paging on (next_run_at, id) so a tick always moves forward, even past rows it failed to claim.
 */
export async function listDueSchedulesForSystem(
  d1: D1Database,
  now: number,
  after: { nextRunAt: number; id: string } | null,
  limit: number,
): Promise<DueScheduleRow[]> {
  const keyset = after ? "AND (s.next_run_at > ?3 OR (s.next_run_at = ?3 AND s.id > ?4))" : "";
  const statement = d1.prepare(
    `SELECT s.id, s.org_id, s.workflow_id, s.cron, s.timezone, s.missed_run_policy, s.next_run_at
     FROM schedules s JOIN workflows w ON w.id = s.workflow_id AND w.org_id = s.org_id
     WHERE s.enabled = 1 AND s.next_run_at IS NOT NULL AND s.next_run_at <= ?1 AND w.status = 'active' ${keyset}
     ORDER BY s.next_run_at, s.id LIMIT ?2`,
  );
  const bound = after ? statement.bind(now, limit, after.nextRunAt, after.id) : statement.bind(now, limit);
  const { results } = await bound.all<{
    id: string;
    org_id: string;
    workflow_id: string;
    cron: string;
    timezone: string;
    missed_run_policy: "skip" | "run_once";
    next_run_at: number;
  }>();
  return results.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    workflowId: r.workflow_id,
    cron: r.cron,
    timezone: r.timezone,
    missedRunPolicy: r.missed_run_policy,
    nextRunAt: r.next_run_at,
  }));
}

/** A claimed occurrence: its outbox row exists and a queue message should be sent. */
export interface ClaimedStart {
  scheduleId: string;
  dueAt: number;
}

/**
 * Claims a chunk of planned schedules in ONE D1 batch (a transaction). Per schedule: a
 * compare-and-set on `next_run_at` (so of two overlapping ticks only one claim holds), and, only if
 * it held (`changes() = 1`), the outbox row for the run to start. Returns the claims that held and
 * have a run to start. Keep chunks at 50 plans or fewer (two statements each).
 */
export async function claimSchedules(
  d1: D1Database,
  plans: readonly SchedulePlan[],
  now: number,
): Promise<ClaimedStart[]> {
  const statements: D1PreparedStatement[] = [];
  const firing: (ClaimedStart | null)[] = [];
  for (const plan of plans) {
    if (plan.kind === "disable") {
      statements.push(
        d1
          .prepare(
            "UPDATE schedules SET enabled = 0, next_run_at = NULL, updated_at = ?1 WHERE id = ?2 AND next_run_at = ?3",
          )
          .bind(now, plan.row.id, plan.expectedNextRunAt),
      );
      firing.push(null);
      continue;
    }
    statements.push(
      d1
        .prepare(
          `UPDATE schedules SET next_run_at = ?1, last_scheduled_run = COALESCE(?2, last_scheduled_run), updated_at = ?3
           WHERE id = ?4 AND enabled = 1 AND next_run_at = ?5`,
        )
        .bind(plan.nextRunAt, plan.fire, now, plan.row.id, plan.expectedNextRunAt),
    );
    firing.push(plan.fire === null ? null : { scheduleId: plan.row.id, dueAt: plan.fire });
    if (plan.fire !== null) {
      // `changes()` is the row count of the UPDATE just above, in the same transaction.
      statements.push(
        d1
          .prepare(
            `INSERT OR IGNORE INTO scheduled_starts
               (schedule_id, due_at, org_id, workflow_id, status, attempts, enqueued_at, created_at, updated_at)
             SELECT ?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5, ?5 WHERE changes() = 1`,
          )
          .bind(plan.row.id, plan.fire, plan.row.orgId, plan.row.workflowId, now),
      );
    }
  }
  if (statements.length === 0) return [];
  const results = await d1.batch(statements);
  const claimed: ClaimedStart[] = [];
  let index = 0;
  for (const start of firing) {
    const update = results[index];
    index += start === null ? 1 : 2;
    if (start !== null && (update?.meta.changes ?? 0) === 1) claimed.push(start);
  }
  return claimed;
}

/**
 * Takes pending outbox rows whose message was sent more than `olderThanMs` ago (a lost message, or a
 * consumer that died) and marks them re-sent, in one statement, so overlapping ticks don't both take
 * the same row. System-wide.
 */
export async function takeStaleStartsForSystem(
  d1: D1Database,
  now: number,
  olderThanMs: number,
  limit: number,
): Promise<ClaimedStart[]> {
  const { results } = await d1
    .prepare(
      `UPDATE scheduled_starts SET enqueued_at = ?1
       WHERE rowid IN (SELECT rowid FROM scheduled_starts WHERE status = 'pending' AND enqueued_at <= ?2 LIMIT ?3)
       RETURNING schedule_id, due_at`,
    )
    .bind(now, now - olderThanMs, limit)
    .all<{ schedule_id: string; due_at: number }>();
  return results.map((r) => ({ scheduleId: r.schedule_id, dueAt: r.due_at }));
}

/**
 * Deletes finished outbox rows (done or failed) sent before `before`, at most `limit`, every org.
 * They only serve as history once finished: the claim, not the row, is what prevents a double start.
 */
export async function pruneScheduledStartsForSystem(d1: D1Database, before: number, limit: number): Promise<number> {
  const result = await d1
    .prepare(
      `DELETE FROM scheduled_starts WHERE rowid IN (
         SELECT rowid FROM scheduled_starts WHERE status IN ('done', 'failed') AND enqueued_at < ?1 LIMIT ?2)`,
    )
    .bind(before, limit)
    .run();
  return result.meta.changes ?? 0;
}

export async function getScheduledStart(
  d1: D1Database,
  scheduleId: string,
  dueAt: number,
): Promise<ScheduledStartRow | undefined> {
  return createDb(d1)
    .select()
    .from(scheduledStarts)
    .where(and(eq(scheduledStarts.scheduleId, scheduleId), eq(scheduledStarts.dueAt, dueAt)))
    .get();
}

/** Records a consumer attempt's outcome on an outbox row (`pending` keeps it for a retry). */
export async function finishScheduledStart(
  d1: D1Database,
  key: ClaimedStart,
  outcome: { status: "pending" | "done" | "failed"; runId?: string | null; error?: string | null },
): Promise<void> {
  await d1
    .prepare(
      `UPDATE scheduled_starts SET status = ?1, run_id = COALESCE(?2, run_id), error = ?3, attempts = attempts + 1, updated_at = ?4
       WHERE schedule_id = ?5 AND due_at = ?6 AND status = 'pending'`,
    )
    .bind(outcome.status, outcome.runId ?? null, outcome.error ?? null, Date.now(), key.scheduleId, key.dueAt)
    .run();
}
