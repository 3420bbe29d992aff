/**
 * Contracts of the automations hub (`/api/v1/automations`, alias `/v1/automations`): destinations,
 * events and the delivery log. Callbacks are in `automations-callbacks.ts`.
 */
import { z } from "@hono/zod-openapi";
import { PageQuery, pageOf, Timestamp } from "./common";

/** An event type: what `emit_event` nodes accept and the platform emits (`run.completed`, `billing.invoice-paid`). */
export const EVENT_TYPE_PATTERN = /^[a-z0-9_.-]{1,100}$/;

/** A subscription: an exact event type, `*` (everything), or a prefix wildcard like `run.*`. */
export const SUBSCRIPTION_PATTERN = /^(\*|[a-z0-9_-][a-z0-9_.-]{0,97}\.\*|[a-z0-9_.-]{1,100})$/;

/** Event types the platform itself emits (custom types from `emit_event` nodes come on top). */
export const PLATFORM_EVENT_TYPES = [
  "run.completed",
  "run.failed",
  "step.failed",
  "approval.requested",
  "destination.test",
  "destination.disabled",
] as const;

export const EventType = z
  .string()
  .regex(EVENT_TYPE_PATTERN, "Use 1–100 of a-z, 0-9, '.', '_' and '-'")
  .openapi({ example: "run.completed" });

export const Subscription = z
  .string()
  .trim()
  .regex(SUBSCRIPTION_PATTERN, "Use an event type (run.completed), a prefix wildcard (run.*) or * for everything")
  .openapi({ example: "run.*" });

/** A signing secret someone brings: printable ASCII without spaces, long enough to resist guessing. */
export const SigningSecretInput = z
  .string()
  .min(16, "Use at least 16 characters")
  .max(256)
  .regex(/^[\x21-\x7e]+$/, "Use printable characters without spaces")
  .openapi({ description: "Leave out to have Fluxo generate one (whsec_…)" });

const Name = z.string().trim().min(1).max(100);
const Url = z.string().trim().url("Enter a full URL, like https://example.com/hooks/fluxo").max(2048);
const Subscriptions = z.array(Subscription).min(1, "Subscribe to at least one event type").max(50);

export const CreateDestinationBody = z
  .object({
    name: Name,
    url: Url,
    event_types: Subscriptions.default(["*"]),
    enabled: z.boolean().default(true),
    secret: SigningSecretInput.optional(),
  })
  .openapi("CreateDestinationRequest");
export type CreateDestinationBody = z.infer<typeof CreateDestinationBody>;

export const UpdateDestinationBody = z
  .object({ name: Name, url: Url, event_types: Subscriptions, enabled: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, "Change at least one field")
  .openapi("UpdateDestinationRequest");
export type UpdateDestinationBody = z.infer<typeof UpdateDestinationBody>;

/** Seven days: the longest a replaced secret stays valid. */
export const MAX_GRACE_PERIOD_S = 7 * 24 * 3600;

export const RotateSecretBody = z
  .object({
    secret: SigningSecretInput.optional(),
    grace_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_PERIOD_S)
      .default(24 * 3600)
      .openapi({ description: "How long the old secret stays valid (signed alongside the new one); 0 = at once" }),
  })
  .openapi("RotateSecretRequest");

export const DisabledReason = z.enum(["manual", "auto"]);

export const Destination = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    secret_masked: z.string().openapi({ example: "whsec_…a1b2" }),
    previous_secret_masked: z.string().nullable(),
    previous_secret_expires_at: Timestamp.nullable(),
    disabled_reason: DisabledReason.nullable(),
    disabled_message: z.string().nullable(),
    disabled_at: Timestamp.nullable(),
    failing_since: Timestamp.nullable(),
    consecutive_failures: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Destination");
export type Destination = z.infer<typeof Destination>;

export const CreatedDestination = Destination.extend({
  secret: z
    .string()
    .optional()
    .openapi({ description: "The generated signing secret, only in this response; absent when you supplied one" }),
}).openapi("CreatedDestination");

export const DestinationList = z.object({ items: z.array(Destination) }).openapi("DestinationList");

export const DeliveryStatus = z.enum(["pending", "delivering", "succeeded", "failed_retrying", "dead"]);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Delivery = z
  .object({
    id: z.string(),
    destination_id: z.string(),
    destination_name: z.string().nullable(),
    event_id: z.string(),
    event_type: z.string(),
    status: DeliveryStatus,
    attempts: z.number().int().openapi({ description: "Attempts made, redeliveries included" }),
    next_attempt_at: Timestamp.nullable(),
    last_attempt_at: Timestamp.nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    last_latency_ms: z.number().int().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Delivery");
export type Delivery = z.infer<typeof Delivery>;

export const AttemptOutcome = z.enum(["succeeded", "failed"]);

export const DeliveryAttempt = z
  .object({
    id: z.string(),
    attempt: z.number().int().openapi({ description: "1, 2, … across all rounds" }),
    round: z.number().int().openapi({ description: "1 for the original schedule, +1 per redelivery" }),
    started_at: Timestamp,
    latency_ms: z.number().int(),
    outcome: AttemptOutcome,
    status_code: z.number().int().nullable(),
    error_code: z.string().nullable(),
    error: z.string().nullable(),
    response_snippet: z.string().nullable(),
    next_retry_at: Timestamp.nullable(),
  })
  .openapi("DeliveryAttempt");
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const AutomationEvent = z
  .object({
    event_id: z.string(),
    tenant_id: z.string(),
    occurred_at: Timestamp,
    type: z.string(),
    payload: z.unknown(),
    correlation_id: z.string().nullable(),
  })
  .openapi("AutomationEvent");

export const DeliveryDetail = Delivery.extend({
  event: AutomationEvent.nullable(),
  attempt_log: z.array(DeliveryAttempt),
}).openapi("DeliveryDetail");

export const DeliveriesQuery = PageQuery.extend({
  status: DeliveryStatus.optional(),
  destination_id: z.string().max(100).optional(),
  event_type: z.string().max(100).optional(),
});
export type DeliveriesQuery = z.infer<typeof DeliveriesQuery>;

export const DeliveryPage = pageOf(Delivery).openapi("DeliveryPage");

export const TestSendResult = z
  .object({ event_id: z.string(), delivery_id: z.string() })
  .openapi("DestinationTestResult");
