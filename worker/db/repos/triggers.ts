/**
 * Webhook and event triggers of one org. Every function takes its `OrgScope`, except the two the
 * public hook endpoint and the run-finished fan-out need before any org is known, which say so.
 */
import { and, asc, eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { EventTrigger, WebhookTrigger } from "../../contracts/triggers";
import { createDb } from "../client";
import { eventTriggers, webhookTriggers } from "../schema";

export type WebhookTriggerRow = typeof webhookTriggers.$inferSelect;
export type EventTriggerRow = typeof eventTriggers.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

/** The API view of a webhook trigger; `origin` makes its absolute URL. */
export function toWebhookTrigger(row: WebhookTriggerRow, origin: string): WebhookTrigger {
  return {
    id: row.id,
    workflow_id: row.workflowId,
    name: row.name,
    url: `${origin}/hooks/${row.id}`,
    secret_mask: row.secretMask,
    mode: row.mode,
    sync_timeout_ms: row.syncTimeoutMs,
    rate_limit_per_minute: row.rateLimitPerMinute,
    debounce_ms: row.debounceMs,
    enabled: row.enabled,
    last_used_at: row.lastUsedAt === null ? null : iso(row.lastUsedAt),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function toEventTrigger(row: EventTriggerRow): EventTrigger {
  return {
    id: row.id,
    workflow_id: row.workflowId,
    source_workflow_id: row.sourceWorkflowId,
    on: row.on,
    debounce_ms: row.debounceMs,
    enabled: row.enabled,
    created_at: iso(row.createdAt),
  };
}

export async function insertWebhookTrigger(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof webhookTriggers.$inferInsert, "orgId">,
): Promise<WebhookTriggerRow> {
  const [row] = await createDb(d1)
    .insert(webhookTriggers)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("webhook trigger insert returned nothing");
  return row;
}

export async function listWebhookTriggers(d1: D1Database, scope: OrgScope, workflowId: string) {
  return createDb(d1)
    .select()
    .from(webhookTriggers)
    .where(and(eq(webhookTriggers.orgId, scope.orgId), eq(webhookTriggers.workflowId, workflowId)))
    .orderBy(asc(webhookTriggers.createdAt), asc(webhookTriggers.id));
}

export async function getWebhookTrigger(
  d1: D1Database,
  scope: OrgScope,
  workflowId: string,
  id: string,
): Promise<WebhookTriggerRow | undefined> {
  return createDb(d1)
    .select()
    .from(webhookTriggers)
    .where(
      and(
        eq(webhookTriggers.orgId, scope.orgId),
        eq(webhookTriggers.workflowId, workflowId),
        eq(webhookTriggers.id, id),
      ),
    )
    .get();
}

/**
 * A trigger by id alone, for `POST /hooks/:trigger_id`: the caller is anonymous until the secret
 * checks out, and the org comes from the row.
 */
export async function findWebhookTriggerForHook(d1: D1Database, id: string): Promise<WebhookTriggerRow | undefined> {
  return createDb(d1).select().from(webhookTriggers).where(eq(webhookTriggers.id, id)).get();
}

export async function updateWebhookTrigger(
  d1: D1Database,
  scope: OrgScope,
  workflowId: string,
  id: string,
  values: Partial<
    Pick<
      WebhookTriggerRow,
      | "name"
      | "mode"
      | "syncTimeoutMs"
      | "rateLimitPerMinute"
      | "debounceMs"
      | "enabled"
      | "secretCiphertext"
      | "secretMask"
    >
  >,
): Promise<WebhookTriggerRow | undefined> {
  const [row] = await createDb(d1)
    .update(webhookTriggers)
    .set({ ...values, updatedAt: Date.now() })
    .where(
      and(
        eq(webhookTriggers.orgId, scope.orgId),
        eq(webhookTriggers.workflowId, workflowId),
        eq(webhookTriggers.id, id),
      ),
    )
    .returning();
  return row;
}

/** Stamps `last_used_at` (the hook calls it at most once a minute per trigger). */
export async function touchWebhookTrigger(d1: D1Database, scope: OrgScope, id: string, now: number): Promise<void> {
  await createDb(d1)
    .update(webhookTriggers)
    .set({ lastUsedAt: now })
    .where(and(eq(webhookTriggers.orgId, scope.orgId), eq(webhookTriggers.id, id)));
}

export async function deleteWebhookTrigger(d1: D1Database, scope: OrgScope, workflowId: string, id: string) {
  const rows = await createDb(d1)
    .delete(webhookTriggers)
    .where(
      and(
        eq(webhookTriggers.orgId, scope.orgId),
        eq(webhookTriggers.workflowId, workflowId),
        eq(webhookTriggers.id, id),
      ),
    )
    .returning({ id: webhookTriggers.id });
  return rows.length > 0;
}

export async function insertEventTrigger(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof eventTriggers.$inferInsert, "orgId">,
): Promise<EventTriggerRow | undefined> {
  const [row] = await createDb(d1)
    .insert(eventTriggers)
    .values({ ...values, orgId: scope.orgId })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function listEventTriggers(d1: D1Database, scope: OrgScope, workflowId: string) {
  return createDb(d1)
    .select()
    .from(eventTriggers)
    .where(and(eq(eventTriggers.orgId, scope.orgId), eq(eventTriggers.workflowId, workflowId)))
    .orderBy(asc(eventTriggers.createdAt), asc(eventTriggers.id));
}

/** Enabled event triggers listening to `sourceWorkflowId`'s runs. */
export async function listEventTriggersForSource(d1: D1Database, scope: OrgScope, sourceWorkflowId: string) {
  return createDb(d1)
    .select()
    .from(eventTriggers)
    .where(
      and(
        eq(eventTriggers.orgId, scope.orgId),
        eq(eventTriggers.sourceWorkflowId, sourceWorkflowId),
        eq(eventTriggers.enabled, true),
      ),
    )
    .orderBy(asc(eventTriggers.createdAt), asc(eventTriggers.id));
}

export async function deleteEventTrigger(d1: D1Database, scope: OrgScope, workflowId: string, id: string) {
  const rows = await createDb(d1)
    .delete(eventTriggers)
    .where(
      and(eq(eventTriggers.orgId, scope.orgId), eq(eventTriggers.workflowId, workflowId), eq(eventTriggers.id, id)),
    )
    .returning({ id: eventTriggers.id });
  return rows.length > 0;
}
