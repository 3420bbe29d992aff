/**
 * Deliveries and their attempt log. The row is the source of truth: a consumer *claims* it
 * (status `delivering` with a lease) before sending, so duplicate queue messages, the sweeper and
 * redeliveries can never send the same attempt twice.
 */
import { and, asc, desc, eq, inArray, isNull, lt, lte, or, type SQL } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { DeliveriesQuery, Delivery, DeliveryAttempt } from "../../contracts/automations";
import { AppError } from "../../errors";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { createDb } from "../client";
import { automationDeliveries, automationDeliveryAttempts, automationDestinations } from "../schema";

export type DeliveryRow = typeof automationDeliveries.$inferSelect;
export type AttemptRow = typeof automationDeliveryAttempts.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toDelivery(row: DeliveryRow, destinationName: string | null): Delivery {
  return {
    id: row.id,
    destination_id: row.destinationId,
    destination_name: destinationName,
    event_id: row.eventId,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: iso(row.nextAttemptAt),
    last_attempt_at: iso(row.lastAttemptAt),
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    last_latency_ms: row.lastLatencyMs,
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: new Date(row.updatedAt).toISOString(),
  };
}

export function toAttempt(row: AttemptRow): DeliveryAttempt {
  return {
    id: row.id,
    attempt: row.attempt,
    round: row.round,
    started_at: new Date(row.startedAt).toISOString(),
    latency_ms: row.latencyMs,
    outcome: row.outcome,
    status_code: row.statusCode,
    error_code: row.errorCode,
    error: row.error,
    response_snippet: row.responseSnippet,
    next_retry_at: iso(row.nextRetryAt),
  };
}

/** One page of the org's delivery log, newest first. */
export async function listDeliveries(d1: D1Database, scope: OrgScope, query: DeliveriesQuery) {
  const where: SQL[] = [eq(automationDeliveries.orgId, scope.orgId)];
  if (query.status) where.push(eq(automationDeliveries.status, query.status));
  if (query.destination_id) where.push(eq(automationDeliveries.destinationId, query.destination_id));
  if (query.event_type) where.push(eq(automationDeliveries.eventType, query.event_type));
  if (query.cursor) {
    const { at: atText, id } = decodeCursor(query.cursor);
    const at = Number(atText);
    if (!id || !Number.isFinite(at))
      throw new AppError("bad_request", "The cursor is not valid; start again without it");
    const keyset = or(
      lt(automationDeliveries.createdAt, at),
      and(eq(automationDeliveries.createdAt, at), lt(automationDeliveries.id, id)),
    );
    if (keyset) where.push(keyset);
  }
  const rows = await createDb(d1)
    .select({ delivery: automationDeliveries, destinationName: automationDestinations.name })
    .from(automationDeliveries)
    .leftJoin(automationDestinations, eq(automationDestinations.id, automationDeliveries.destinationId))
    .where(and(...where))
    .orderBy(desc(automationDeliveries.createdAt), desc(automationDeliveries.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.delivery;
  return {
    items: page.map((r) => toDelivery(r.delivery, r.destinationName)),
    next_cursor: rows.length > query.limit && last ? encodeCursor({ at: String(last.createdAt), id: last.id }) : null,
  };
}

export async function getDelivery(
  d1: D1Database,
  scope: OrgScope,
  id: string,
): Promise<{ delivery: DeliveryRow; destinationName: string | null } | undefined> {
  return createDb(d1)
    .select({ delivery: automationDeliveries, destinationName: automationDestinations.name })
    .from(automationDeliveries)
    .leftJoin(automationDestinations, eq(automationDestinations.id, automationDeliveries.destinationId))
    .where(and(eq(automationDeliveries.orgId, scope.orgId), eq(automationDeliveries.id, id)))
    .get();
}

export async function listAttempts(d1: D1Database, scope: OrgScope, deliveryId: string): Promise<AttemptRow[]> {
  return createDb(d1)
    .select()
    .from(automationDeliveryAttempts)
    .where(
      and(eq(automationDeliveryAttempts.orgId, scope.orgId), eq(automationDeliveryAttempts.deliveryId, deliveryId)),
    )
    .orderBy(asc(automationDeliveryAttempts.attempt));
}

/** A row by id alone: for the queue consumer, which only has the id (the row names its org). */
export async function loadDeliveryById(d1: D1Database, id: string): Promise<DeliveryRow | undefined> {
  return createDb(d1).select().from(automationDeliveries).where(eq(automationDeliveries.id, id)).get();
}

/** Queue timers may fire a little early; an attempt due within this is taken now. */
const DUE_SLACK_MS = 1_000;

/**
 * Claims a due delivery for one attempt: `pending`/`failed_retrying` and due, or `delivering` with
 * an expired lease (a consumer died mid-attempt). Returns the claimed row, or nothing when another
 * consumer has it, it isn't due, or it is finished.
 */
export async function claimDelivery(
  d1: D1Database,
  id: string,
  nowMs: number,
  leaseMs: number,
): Promise<DeliveryRow | undefined> {
  const due = and(
    inArray(automationDeliveries.status, ["pending", "failed_retrying"]),
    or(isNull(automationDeliveries.nextAttemptAt), lte(automationDeliveries.nextAttemptAt, nowMs + DUE_SLACK_MS)),
  );
  const abandoned = and(eq(automationDeliveries.status, "delivering"), lt(automationDeliveries.leaseUntil, nowMs));
  const [row] = await createDb(d1)
    .update(automationDeliveries)
    .set({ status: "delivering", leaseUntil: nowMs + leaseMs, updatedAt: nowMs })
    .where(and(eq(automationDeliveries.id, id), or(due, abandoned)))
    .returning();
  return row;
}

/** What one finished attempt changes. */
export interface AttemptRecord {
  attemptId: string;
  startedAt: number;
  latencyMs: number;
  outcome: "succeeded" | "failed";
  statusCode: number | null;
  errorCode: string | null;
  error: string | null;
  responseSnippet: string | null;
  /** The delivery's status afterwards. */
  status: "succeeded" | "failed_retrying" | "dead";
  nextAttemptAt: number | null;
}

/** Appends the attempt to the log and updates the delivery, in one batch. */
export async function recordAttempt(d1: D1Database, claimed: DeliveryRow, record: AttemptRecord): Promise<void> {
  const db = createDb(d1);
  const finishedAt = record.startedAt + record.latencyMs;
  await db.batch([
    db.insert(automationDeliveryAttempts).values({
      id: record.attemptId,
      deliveryId: claimed.id,
      orgId: claimed.orgId,
      attempt: claimed.attempts + 1,
      round: claimed.round,
      startedAt: record.startedAt,
      latencyMs: record.latencyMs,
      outcome: record.outcome,
      statusCode: record.statusCode,
      errorCode: record.errorCode,
      error: record.error,
      responseSnippet: record.responseSnippet,
      nextRetryAt: record.nextAttemptAt,
    }),
    db
      .update(automationDeliveries)
      .set({
        status: record.status,
        attempts: claimed.attempts + 1,
        roundAttempts: claimed.roundAttempts + 1,
        nextAttemptAt: record.nextAttemptAt,
        leaseUntil: null,
        lastAttemptAt: record.startedAt,
        lastStatusCode: record.statusCode,
        lastError: record.error,
        lastLatencyMs: record.latencyMs,
        updatedAt: finishedAt,
      })
      .where(and(eq(automationDeliveries.id, claimed.id), eq(automationDeliveries.status, "delivering"))),
  ]);
}

/** Ends a delivery without an attempt (its destination is gone or disabled, or the queue gave up). */
export async function markDead(d1: D1Database, id: string, reason: string, nowMs: number): Promise<boolean> {
  const rows = await createDb(d1)
    .update(automationDeliveries)
    .set({ status: "dead", nextAttemptAt: null, leaseUntil: null, lastError: reason, updatedAt: nowMs })
    .where(
      and(
        eq(automationDeliveries.id, id),
        inArray(automationDeliveries.status, ["pending", "delivering", "failed_retrying"]),
      ),
    )
    .returning({ id: automationDeliveries.id });
  return rows.length > 0;
}

/**
 * Starts a new round with the full retry schedule, due now. Refused (undefined) while an attempt
 * is pending or in flight.
 */
export async function resetForRedelivery(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  nowMs: number,
): Promise<DeliveryRow | undefined> {
  const row = await createDb(d1)
    .select()
    .from(automationDeliveries)
    .where(and(eq(automationDeliveries.orgId, scope.orgId), eq(automationDeliveries.id, id)))
    .get();
  if (!row) return undefined;
  const [updated] = await createDb(d1)
    .update(automationDeliveries)
    .set({
      status: "pending",
      round: row.round + 1,
      roundAttempts: 0,
      nextAttemptAt: nowMs,
      leaseUntil: null,
      updatedAt: nowMs,
    })
    .where(
      and(
        eq(automationDeliveries.id, id),
        eq(automationDeliveries.round, row.round),
        inArray(automationDeliveries.status, ["succeeded", "dead", "failed_retrying"]),
      ),
    )
    .returning();
  return updated;
}

/** Deliveries whose queue message looks lost: due for a while, or stuck past an expired lease. */
export async function overdueDeliveryIds(d1: D1Database, nowMs: number, graceMs: number, limit: number) {
  const rows = await createDb(d1)
    .select({ id: automationDeliveries.id })
    .from(automationDeliveries)
    .where(
      or(
        and(
          inArray(automationDeliveries.status, ["pending", "failed_retrying"]),
          lte(automationDeliveries.nextAttemptAt, nowMs - graceMs),
        ),
        and(eq(automationDeliveries.status, "delivering"), lt(automationDeliveries.leaseUntil, nowMs)),
      ),
    )
    .orderBy(asc(automationDeliveries.nextAttemptAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
