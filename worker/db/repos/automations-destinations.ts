/**
 * Destinations of one org (deleted ones are invisible). Every function takes the `OrgScope` it
 * works in, except `findDestinationForCallback`, whose caller proves ownership afterwards.
 */
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { Destination } from "../../contracts/automations";
import { createDb } from "../client";
import { automationDestinations } from "../schema";

export type DestinationRow = typeof automationDestinations.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The API shape: secrets only masked, and the previous one only while it is still valid. */
export function toDestination(row: DestinationRow, nowMs: number): Destination {
  const previousValid = row.previousExpiresAt !== null && row.previousExpiresAt > nowMs;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    event_types: row.eventTypes,
    enabled: row.enabled,
    secret_masked: row.secretMask,
    previous_secret_masked: previousValid ? row.previousSecretMask : null,
    previous_secret_expires_at: previousValid ? iso(row.previousExpiresAt) : null,
    disabled_reason: row.disabledReason,
    disabled_message: row.disabledMessage,
    disabled_at: iso(row.disabledAt),
    failing_since: iso(row.failingSince),
    consecutive_failures: row.consecutiveFailures,
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: new Date(row.updatedAt).toISOString(),
  };
}

const live = (scope: OrgScope) =>
  and(eq(automationDestinations.orgId, scope.orgId), isNull(automationDestinations.deletedAt));

export async function listDestinations(d1: D1Database, scope: OrgScope): Promise<DestinationRow[]> {
  return createDb(d1)
    .select()
    .from(automationDestinations)
    .where(live(scope))
    .orderBy(desc(automationDestinations.createdAt));
}

export async function getDestination(d1: D1Database, scope: OrgScope, id: string): Promise<DestinationRow | undefined> {
  return createDb(d1)
    .select()
    .from(automationDestinations)
    .where(and(live(scope), eq(automationDestinations.id, id)))
    .get();
}

/** Enabled destinations of the org, for fan-out. */
export async function enabledDestinations(d1: D1Database, scope: OrgScope): Promise<DestinationRow[]> {
  return createDb(d1)
    .select()
    .from(automationDestinations)
    .where(and(live(scope), eq(automationDestinations.enabled, true)));
}

/**
 * A destination by id in any org (signed callbacks name the destination before the caller is
 * known). The caller must check `orgId` against the claimed tenant before acting.
 */
export async function findDestinationForCallback(d1: D1Database, id: string): Promise<DestinationRow | undefined> {
  return createDb(d1)
    .select()
    .from(automationDestinations)
    .where(and(eq(automationDestinations.id, id), isNull(automationDestinations.deletedAt)))
    .get();
}

export async function insertDestination(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof automationDestinations.$inferInsert, "orgId">,
): Promise<DestinationRow> {
  const [row] = await createDb(d1)
    .insert(automationDestinations)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("destination insert returned nothing");
  return row;
}

export type DestinationPatch = Partial<
  Pick<
    DestinationRow,
    | "name"
    | "url"
    | "eventTypes"
    | "enabled"
    | "disabledReason"
    | "disabledMessage"
    | "disabledAt"
    | "failingSince"
    | "consecutiveFailures"
    | "secretCiphertext"
    | "secretMask"
    | "previousSecretCiphertext"
    | "previousSecretMask"
    | "previousExpiresAt"
  >
>;

export async function updateDestination(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  patch: DestinationPatch,
  nowMs: number,
): Promise<DestinationRow | undefined> {
  const [row] = await createDb(d1)
    .update(automationDestinations)
    .set({ ...patch, updatedAt: nowMs })
    .where(and(live(scope), eq(automationDestinations.id, id)))
    .returning();
  return row;
}

/** Deletes softly (the delivery log keeps its rows) and drops the secrets at once. */
export async function deleteDestination(d1: D1Database, scope: OrgScope, id: string, nowMs: number): Promise<void> {
  await createDb(d1)
    .update(automationDestinations)
    .set({
      deletedAt: nowMs,
      updatedAt: nowMs,
      enabled: false,
      secretCiphertext: "",
      previousSecretCiphertext: null,
      previousExpiresAt: null,
    })
    .where(and(live(scope), eq(automationDestinations.id, id)));
}

/** Records one attempt's outcome in the failing streak, atomically; returns the new streak. */
export async function recordDestinationHealth(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  outcome: "succeeded" | "failed",
  nowMs: number,
): Promise<{ failingSince: number | null; consecutiveFailures: number } | undefined> {
  const set =
    outcome === "succeeded"
      ? { failingSince: null, consecutiveFailures: 0 }
      : {
          failingSince: sql`COALESCE(${automationDestinations.failingSince}, ${nowMs})`,
          consecutiveFailures: sql`${automationDestinations.consecutiveFailures} + 1`,
        };
  const [row] = await createDb(d1)
    .update(automationDestinations)
    .set(set)
    .where(and(eq(automationDestinations.orgId, scope.orgId), eq(automationDestinations.id, id)))
    .returning({
      failingSince: automationDestinations.failingSince,
      consecutiveFailures: automationDestinations.consecutiveFailures,
    });
  return row;
}

/**
 * Disables a destination for failing; only the first caller gets the row back, so the audit event
 * and the `destination.disabled` event are recorded once.
 */
export async function autoDisableDestination(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  reason: string,
  nowMs: number,
): Promise<DestinationRow | undefined> {
  const [row] = await createDb(d1)
    .update(automationDestinations)
    .set({ enabled: false, disabledReason: "auto", disabledMessage: reason, disabledAt: nowMs, updatedAt: nowMs })
    .where(and(live(scope), eq(automationDestinations.id, id), eq(automationDestinations.enabled, true)))
    .returning();
  return row;
}

/** Forgets previous secrets whose grace period ended (housekeeping; reads ignore them anyway). */
export async function dropExpiredPreviousSecrets(d1: D1Database, nowMs: number): Promise<void> {
  await createDb(d1)
    .update(automationDestinations)
    .set({ previousSecretCiphertext: null, previousSecretMask: null, previousExpiresAt: null })
    .where(lt(automationDestinations.previousExpiresAt, nowMs));
}
