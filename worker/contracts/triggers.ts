/**
 * Contracts of webhook triggers (`/api/v1/workflows/:id/triggers`, `POST /hooks/:trigger_id`), event
 * triggers (`/api/v1/workflows/:id/event-triggers`) and the `run-starts` queue message.
 */
import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

/** Headers a webhook caller authenticates with (read case-insensitively). */
export const WEBHOOK_HEADERS = {
  secret: "X-Fluxo-Secret",
  signature: "X-Fluxo-Signature",
  timestamp: "X-Fluxo-Timestamp",
  idempotencyKey: "Idempotency-Key",
  correlationId: "X-Correlation-ID",
} as const;

/** How far a signed webhook's timestamp may be from the server's clock, either way. */
export const WEBHOOK_REPLAY_WINDOW_S = 300;

/** Longest a sync-mode webhook waits for its run's result before answering 202. */
export const MAX_SYNC_TIMEOUT_MS = 60_000;

/** Longest debounce window (one day). */
export const MAX_DEBOUNCE_MS = 86_400_000;

const DEBOUNCE_DESCRIPTION =
  "Window coalescing, in ms: every call that lands in the same fixed window of this length starts one run " +
  "(the first call's input wins; later calls get that run's id). A leading-edge throttle, not a trailing debounce.";

export const TriggerParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "wf_0123456789abcdefghjk" }),
  trigger_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "trigger_id", in: "path" }, example: "trg_0123456789abcdefghjk" }),
});

export const WebhookMode = z.enum(["async", "sync"]).openapi({
  description:
    "`async` answers 202 with the run id at once; `sync` waits up to `sync_timeout_ms` for the run's result " +
    "(200 with the output) and answers 202 with the run id if the run takes longer.",
});
export type WebhookMode = z.infer<typeof WebhookMode>;

const WebhookSettings = {
  name: z.string().trim().max(100),
  mode: WebhookMode,
  sync_timeout_ms: z.number().int().min(100).max(MAX_SYNC_TIMEOUT_MS),
  rate_limit_per_minute: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .openapi({ description: "Calls per minute; more answer 429 with Retry-After" }),
  debounce_ms: z
    .number()
    .int()
    .min(1_000)
    .max(MAX_DEBOUNCE_MS)
    .nullable()
    .openapi({ description: DEBOUNCE_DESCRIPTION }),
  enabled: z.boolean(),
};

export const CreateWebhookTriggerBody = z
  .object({
    name: WebhookSettings.name.default(""),
    mode: WebhookSettings.mode.default("async"),
    sync_timeout_ms: WebhookSettings.sync_timeout_ms.default(10_000),
    rate_limit_per_minute: WebhookSettings.rate_limit_per_minute.default(60),
    debounce_ms: WebhookSettings.debounce_ms.default(null),
    enabled: WebhookSettings.enabled.default(true),
  })
  .openapi("CreateWebhookTriggerRequest");
export type CreateWebhookTriggerBody = z.infer<typeof CreateWebhookTriggerBody>;

export const UpdateWebhookTriggerBody = z
  .object({
    name: WebhookSettings.name.optional(),
    mode: WebhookSettings.mode.optional(),
    sync_timeout_ms: WebhookSettings.sync_timeout_ms.optional(),
    rate_limit_per_minute: WebhookSettings.rate_limit_per_minute.optional(),
    debounce_ms: WebhookSettings.debounce_ms.optional(),
    enabled: WebhookSettings.enabled.optional(),
  })
  .openapi("UpdateWebhookTriggerRequest");
export type UpdateWebhookTriggerBody = z.infer<typeof UpdateWebhookTriggerBody>;

export const WebhookTrigger = z
  .object({
    id: z.string(),
    workflow_id: z.string(),
    name: z.string(),
    url: z.string().openapi({ description: "Where callers POST: `<origin>/hooks/<id>`" }),
    secret_mask: z.string().openapi({ example: "hooksec_…a1b2" }),
    mode: WebhookMode,
    sync_timeout_ms: z.number().int(),
    rate_limit_per_minute: z.number().int(),
    debounce_ms: z.number().int().nullable(),
    enabled: z.boolean(),
    last_used_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("WebhookTrigger");
export type WebhookTrigger = z.infer<typeof WebhookTrigger>;

export const WebhookTriggerWithSecret = WebhookTrigger.extend({
  secret: z.string().openapi({
    description:
      "Send it as `X-Fluxo-Secret`, or sign with it: `X-Fluxo-Timestamp: <unix s>` and " +
      "`X-Fluxo-Signature: v1=<hex HMAC-SHA256(secret, timestamp + '.' + raw_body)>`. Shown only in this response.",
  }),
}).openapi("WebhookTriggerWithSecret");

export const WebhookTriggerList = z.object({ items: z.array(WebhookTrigger) }).openapi("WebhookTriggerList");

/** `POST /hooks/:trigger_id` answered before the run finished (or in async mode). */
export const HookAccepted = z
  .object({
    run_id: z.string(),
    status: z.string(),
    created: z
      .boolean()
      .openapi({ description: "False when an Idempotency-Key or a debounce window returned an earlier run" }),
  })
  .openapi("HookAccepted");

/** `POST /hooks/:trigger_id` in sync mode when the run finished within the timeout. */
export const HookResult = z
  .object({
    run_id: z.string(),
    status: z.string(),
    output: z.unknown().nullable(),
    error: z.string().nullable(),
  })
  .openapi("HookResult");

export const HookHeaders = z.object({
  "x-fluxo-secret": z.string().max(500).optional(),
  "x-fluxo-signature": z.string().max(2_000).optional(),
  "x-fluxo-timestamp": z.string().max(40).optional(),
  "idempotency-key": z.string().min(1).max(200).optional(),
  "x-correlation-id": z.string().max(200).optional(),
});

export const EventTriggerOn = z.enum(["completed", "failed", "any"]).openapi({
  description: "Which finished runs of the source workflow fire it; `any` is completed or failed (not canceled).",
});
export type EventTriggerOn = z.infer<typeof EventTriggerOn>;

export const CreateEventTriggerBody = z
  .object({
    source_workflow_id: z.string().min(1).max(100),
    on: EventTriggerOn.default("completed"),
    debounce_ms: z.number().int().min(1_000).max(MAX_DEBOUNCE_MS).nullable().default(null).openapi({
      description: DEBOUNCE_DESCRIPTION,
    }),
    enabled: z.boolean().default(true),
  })
  .openapi("CreateEventTriggerRequest");
export type CreateEventTriggerBody = z.infer<typeof CreateEventTriggerBody>;

export const EventTrigger = z
  .object({
    id: z.string(),
    workflow_id: z.string().openapi({ description: "The workflow it starts" }),
    source_workflow_id: z.string(),
    on: EventTriggerOn,
    debounce_ms: z.number().int().nullable(),
    enabled: z.boolean(),
    created_at: Timestamp,
  })
  .openapi("EventTrigger");
export type EventTrigger = z.infer<typeof EventTrigger>;

export const EventTriggerList = z.object({ items: z.array(EventTrigger) }).openapi("EventTriggerList");

/** A `run-starts` queue message: a claimed schedule occurrence (the outbox row's key), nothing else. */
export const RunStartMessage = z.object({
  kind: z.literal("schedule"),
  schedule_id: z.string().min(1).max(100),
  due_at: z.number().int().nonnegative(),
});
export type RunStartMessage = z.infer<typeof RunStartMessage>;
