/**
 * The automations hub: destinations (with encrypted signing secrets), events, one delivery per
 * (destination, event) with its attempt log, inbound callback receipts (dedupe), and comments.
 * A delivery row is the source of truth; queue messages only carry its id.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const automationDestinations = sqliteTable(
  "automation_destinations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    /** JSON array of subscriptions: exact types, `*`, `prefix.*`. */
    eventTypes: text("event_types", { mode: "json" }).$type<string[]>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** `v1:<keyid>:<iv>:<ciphertext>` (secret-box), bound to the destination id as AAD. */
    secretCiphertext: text("secret_ciphertext").notNull(),
    secretMask: text("secret_mask").notNull(),
    /** The replaced secret, still valid (and signed with) until `previous_expires_at`. */
    previousSecretCiphertext: text("previous_secret_ciphertext"),
    previousSecretMask: text("previous_secret_mask"),
    previousExpiresAt: integer("previous_expires_at"),
    disabledReason: text("disabled_reason", { enum: ["manual", "auto"] }),
    disabledMessage: text("disabled_message"),
    disabledAt: integer("disabled_at"),
    /** Health streak for auto-disable (see worker/automations/health.ts). */
    failingSince: integer("failing_since"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("automation_destinations_org_idx").on(t.orgId, t.createdAt)],
);

export const automationEvents = sqliteTable(
  "automation_events",
  {
    orgId: text("org_id").notNull(),
    /** Stable per source event: publishing the same id again changes nothing. */
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    /** The payload as JSON text, exactly as it is sent. */
    payload: text("payload").notNull(),
    correlationId: text("correlation_id"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.eventId] }),
    index("automation_events_org_time_idx").on(t.orgId, t.createdAt),
  ],
);

export const DELIVERY_STATUSES = ["pending", "delivering", "succeeded", "failed_retrying", "dead"] as const;

export const automationDeliveries = sqliteTable(
  "automation_deliveries",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    destinationId: text("destination_id").notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    /** Attempts made in all rounds. */
    attempts: integer("attempts").notNull().default(0),
    /** 1 for the original schedule; a redelivery starts round 2, 3, … with the full schedule. */
    round: integer("round").notNull().default(1),
    roundAttempts: integer("round_attempts").notNull().default(0),
    /** When the next attempt is due (null when finished). The sweeper re-enqueues overdue ones. */
    nextAttemptAt: integer("next_attempt_at"),
    /** While `delivering`: a crashed consumer's claim expires here. */
    leaseUntil: integer("lease_until"),
    lastAttemptAt: integer("last_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastLatencyMs: integer("last_latency_ms"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("automation_deliveries_destination_event_idx").on(t.destinationId, t.eventId),
    index("automation_deliveries_org_time_idx").on(t.orgId, t.createdAt, t.id),
    index("automation_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const automationDeliveryAttempts = sqliteTable(
  "automation_delivery_attempts",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id").notNull(),
    orgId: text("org_id").notNull(),
    attempt: integer("attempt").notNull(),
    round: integer("round").notNull(),
    startedAt: integer("started_at").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    outcome: text("outcome", { enum: ["succeeded", "failed"] }).notNull(),
    statusCode: integer("status_code"),
    errorCode: text("error_code"),
    error: text("error"),
    /** The first bytes of the receiver's answer, for debugging. */
    responseSnippet: text("response_snippet"),
    nextRetryAt: integer("next_retry_at"),
  },
  (t) => [uniqueIndex("automation_delivery_attempts_delivery_idx").on(t.deliveryId, t.attempt)],
);

export const automationCallbackReceipts = sqliteTable(
  "automation_callback_receipts",
  {
    destinationId: text("destination_id").notNull(),
    /** The callback's event_id, or its correlation_id. */
    dedupeKey: text("dedupe_key").notNull(),
    orgId: text("org_id").notNull(),
    action: text("action").notNull(),
    state: text("state", { enum: ["processing", "done"] }).notNull(),
    responseStatus: integer("response_status"),
    /** The JSON body answered the first time, answered again for a repeat. */
    responseBody: text("response_body"),
    createdAt: integer("created_at").notNull().default(now),
    completedAt: integer("completed_at"),
  },
  (t) => [primaryKey({ columns: [t.destinationId, t.dedupeKey] })],
);

export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    /** A run id or any reference (ticket, order). */
    target: text("target").notNull(),
    body: text("body").notNull(),
    author: text("author").notNull(),
    /** Where it came from, e.g. `callback:<destination id>`. */
    source: text("source").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("comments_org_target_idx").on(t.orgId, t.target, t.createdAt)],
);
