/**
 * Callback receipts: the dedupe record of a signed inbound callback, keyed by (destination,
 * event_id or correlation_id), holding the response answered the first time.
 */
import { and, eq, lt } from "drizzle-orm";
import { createDb } from "../client";
import { automationCallbackReceipts } from "../schema";

export type ReceiptRow = typeof automationCallbackReceipts.$inferSelect;

/**
 * Claims the key for processing. Returns `claimed` for the first caller, else the existing receipt.
 * A `processing` receipt older than `staleMs` (its request died) is taken over.
 */
export async function claimReceipt(
  d1: D1Database,
  values: { destinationId: string; dedupeKey: string; orgId: string; action: string },
  nowMs: number,
  staleMs: number,
): Promise<{ claimed: true } | { claimed: false; receipt: ReceiptRow }> {
  const db = createDb(d1);
  const [inserted] = await db
    .insert(automationCallbackReceipts)
    .values({ ...values, state: "processing", createdAt: nowMs })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { claimed: true };
  const key = and(
    eq(automationCallbackReceipts.destinationId, values.destinationId),
    eq(automationCallbackReceipts.dedupeKey, values.dedupeKey),
  );
  const [takenOver] = await db
    .update(automationCallbackReceipts)
    .set({ createdAt: nowMs, action: values.action })
    .where(
      and(
        key,
        eq(automationCallbackReceipts.state, "processing"),
        lt(automationCallbackReceipts.createdAt, nowMs - staleMs),
      ),
    )
    .returning();
  if (takenOver) return { claimed: true };
  const receipt = await db.select().from(automationCallbackReceipts).where(key).get();
  if (!receipt) throw new Error("callback receipt conflicted but is missing");
  return { claimed: false, receipt };
}

/** Stores the response answered, for repeats. */
export async function completeReceipt(
  d1: D1Database,
  destinationId: string,
  dedupeKey: string,
  response: { status: number; body: string },
  nowMs: number,
): Promise<void> {
  await createDb(d1)
    .update(automationCallbackReceipts)
    .set({ state: "done", responseStatus: response.status, responseBody: response.body, completedAt: nowMs })
    .where(
      and(
        eq(automationCallbackReceipts.destinationId, destinationId),
        eq(automationCallbackReceipts.dedupeKey, dedupeKey),
      ),
    );
}

/** Forgets a claim whose processing crashed, so the sender's retry runs it. */
export async function releaseReceipt(d1: D1Database, destinationId: string, dedupeKey: string): Promise<void> {
  await createDb(d1)
    .delete(automationCallbackReceipts)
    .where(
      and(
        eq(automationCallbackReceipts.destinationId, destinationId),
        eq(automationCallbackReceipts.dedupeKey, dedupeKey),
        eq(automationCallbackReceipts.state, "processing"),
      ),
    );
}
