/**
 * `publishEvent`: the door other modules use to emit an automation event (run and step outcomes,
 * approvals, `emit_event` nodes, test pings). It stores the event, creates one delivery per
 * enabled destination subscribed to the type, and enqueues their ids.
 */
import { systemScope } from "../auth/principal";
import { enabledDestinations, getDestination } from "../db/repos/automations-destinations";
import { createDeliveries, type EventRow, storeEvent } from "../db/repos/automations-events";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { describeError, log } from "../lib/log";
import { isEventType, matchesAny } from "./subscriptions";

/** The queue message: the delivery id only (the row holds everything else; messages stay tiny). */
export interface DeliveryMessage {
  delivery_id: string;
}

/** The bindings publishing needs. */
export interface PublishEnv {
  DB: D1Database;
  DELIVERIES: Queue;
}

export interface PublishInput {
  orgId: string;
  /** `run.completed`, `approval.requested`, an `emit_event` node's type, … */
  type: string;
  payload: unknown;
  /** Stable per source event (e.g. `run_123:completed`): publishing it again changes nothing. */
  eventId?: string;
  correlationId?: string | null;
  /** Unix ms; defaults to now. */
  occurredAt?: number;
  /** Send to this destination only, whatever it subscribes to (test pings). */
  onlyDestinationId?: string;
}

export interface PublishResult {
  eventId: string;
  /** True when the event id was already stored (nothing new was sent). */
  duplicate: boolean;
  /** Deliveries created by this call. */
  deliveries: { id: string; destinationId: string }[];
}

/** Payloads are stored inline in D1; larger data belongs in R2 with a reference in the payload. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** The JSON body receivers get, exactly as signed. */
export function eventBody(event: EventRow): string {
  return `{"event_id":${JSON.stringify(event.eventId)},"tenant_id":${JSON.stringify(event.orgId)},"occurred_at":${JSON.stringify(
    new Date(event.occurredAt).toISOString(),
  )},"type":${JSON.stringify(event.type)},"payload":${event.payload}}`;
}

function serializePayload(payload: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload ?? null);
  } catch (err) {
    throw new AppError("validation_failed", "The event payload can't be serialised as JSON", { cause: err });
  }
  if (text === undefined) text = "null";
  if (new TextEncoder().encode(text).length > MAX_PAYLOAD_BYTES) {
    throw new AppError("payload_too_large", `The event payload is larger than ${MAX_PAYLOAD_BYTES / 1024} KiB`);
  }
  return text;
}

/** Sends delivery ids to the queue in batches of 100 (the platform's batch limit). */
export async function enqueueDeliveries(queue: Queue, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100).map((id) => ({ body: { delivery_id: id } satisfies DeliveryMessage }));
    await queue.sendBatch(chunk);
  }
}

/**
 * Publishes an event to the org's destinations. Idempotent on `eventId`: the same source event
 * never makes two deliveries to a destination. If the queue can't be reached the deliveries stay
 * `pending` in D1 and the minute sweeper sends them, so callers never lose an event to a queue hiccup.
 * @example await publishEvent(env, { orgId, type: "run.completed", payload: { run_id }, eventId: `${runId}:completed` });
 */
export async function publishEvent(env: PublishEnv, input: PublishInput): Promise<PublishResult> {
  if (!isEventType(input.type)) {
    throw new AppError("validation_failed", `"${input.type}" is not a valid event type (a-z, 0-9, '.', '_', '-')`);
  }
  const scope = systemScope(input.orgId, "publishing an automation event");
  const nowMs = Date.now();
  const { row: event, created } = await storeEvent(env.DB, scope, {
    eventId: input.eventId ?? newId("evt"),
    type: input.type,
    occurredAt: input.occurredAt ?? nowMs,
    payload: serializePayload(input.payload),
    correlationId: input.correlationId ?? null,
  });

  let targets: { id: string }[];
  if (input.onlyDestinationId !== undefined) {
    const only = await getDestination(env.DB, scope, input.onlyDestinationId);
    targets = only?.enabled ? [only] : [];
  } else {
    const destinations = await enabledDestinations(env.DB, scope);
    targets = destinations.filter((d) => matchesAny(d.eventTypes, event.type));
  }
  const made = await createDeliveries(
    env.DB,
    scope,
    event,
    targets.map((d) => ({ id: newId("dlv"), destinationId: d.id })),
    nowMs,
  );
  try {
    await enqueueDeliveries(
      env.DELIVERIES,
      made.map((d) => d.id),
    );
  } catch (err) {
    log("warn", "automations: enqueue failed; the sweeper will send these deliveries", {
      org_id: input.orgId,
      event_id: event.eventId,
      deliveries: made.length,
      error: describeError(err),
    });
  }
  return { eventId: event.eventId, duplicate: !created, deliveries: made };
}
