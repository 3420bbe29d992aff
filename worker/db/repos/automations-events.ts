/**
 * Stored events and the creation of their deliveries. Both inserts are idempotent: an event id
 * is stored once per org, and (destination, event) gets one delivery, whatever repeats.
 */
import { and, eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import { createDb } from "../client";
import { automationDeliveries, automationEvents } from "../schema";

export type EventRow = typeof automationEvents.$inferSelect;

/** Stores the event unless its id exists; returns the stored row and whether it was new. */
export async function storeEvent(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof automationEvents.$inferInsert, "orgId">,
): Promise<{ row: EventRow; created: boolean }> {
  const db = createDb(d1);
  const [inserted] = await db
    .insert(automationEvents)
    .values({ ...values, orgId: scope.orgId })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { row: inserted, created: true };
  const existing = await getEvent(d1, scope, values.eventId);
  if (!existing) throw new Error("event insert conflicted but the event is missing");
  return { row: existing, created: false };
}

export async function getEvent(d1: D1Database, scope: OrgScope, eventId: string): Promise<EventRow | undefined> {
  return createDb(d1)
    .select()
    .from(automationEvents)
    .where(and(eq(automationEvents.orgId, scope.orgId), eq(automationEvents.eventId, eventId)))
    .get();
}

/** A delivery to create for one destination. */
export interface NewDelivery {
  id: string;
  destinationId: string;
}

/**
 * Creates one delivery per destination for the event, skipping destinations that already have
 * one (unique (destination_id, event_id)). Returns only the deliveries created now, to enqueue.
 */
export async function createDeliveries(
  d1: D1Database,
  scope: OrgScope,
  event: Pick<EventRow, "eventId" | "type">,
  deliveries: readonly NewDelivery[],
  nowMs: number,
): Promise<NewDelivery[]> {
  if (deliveries.length === 0) return [];
  const db = createDb(d1);
  // One statement per row: D1 caps bound parameters per statement, and a batch is one round trip.
  const statements = deliveries.map((d) =>
    db
      .insert(automationDeliveries)
      .values({
        id: d.id,
        orgId: scope.orgId,
        destinationId: d.destinationId,
        eventId: event.eventId,
        eventType: event.type,
        status: "pending",
        nextAttemptAt: nowMs,
        createdAt: nowMs,
        updatedAt: nowMs,
      })
      .onConflictDoNothing()
      .returning({ id: automationDeliveries.id, destinationId: automationDeliveries.destinationId }),
  );
  const [first, ...rest] = statements;
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  return results.flat();
}
