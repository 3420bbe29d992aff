/**
 * One delivery attempt: claim the row, load the destination and event, sign, POST through
 * `safeFetch`, record the attempt and decide what comes next (done, retry after a delay, or dead).
 * The queue consumer turns the outcome into ack/retry; every step is idempotent.
 */
import { systemScope } from "../auth/principal";
import {
  claimDelivery,
  type DeliveryRow,
  loadDeliveryById,
  markDead,
  recordAttempt,
} from "../db/repos/automations-deliveries";
import { getDestination } from "../db/repos/automations-destinations";
import { type EventRow, getEvent } from "../db/repos/automations-events";
import { newId } from "../lib/ids";
import { describeError, log } from "../lib/log";
import { FetchFailedError, type FetchLike, NetworkPolicyError, policyFromEnv, safeFetch } from "../net";
import { APP_VERSION } from "../version";
import { type AutomationsConfig, type AutomationsVars, automationsConfig } from "./config";
import { trackDestinationHealth } from "./destination-health";
import { activeSecrets, keyring } from "./destination-secrets";
import { eventBody, type PublishEnv } from "./events";
import { decideAfterFailure, isSuccessStatus } from "./retry-schedule";
import { SIGNATURE_HEADERS, signatureHeader } from "./signing";

/** The bindings and vars a delivery needs. */
export interface DeliveryEnv extends PublishEnv, AutomationsVars {
  APP_ENV?: string;
  ALLOW_LOOPBACK_TARGETS?: string;
  ENCRYPTION_KEY?: string;
}

/** What the queue consumer should do with the message. */
export type DeliveryOutcome =
  | { kind: "succeeded" }
  | { kind: "retry"; delaySeconds: number }
  | { kind: "dead"; reason: string }
  | { kind: "skipped"; reason: "not_found" | "finished" | "in_flight" | "not_due" };

export interface DeliverOptions {
  now?: () => number;
  /** Test seam for `safeFetch`. */
  fetchImpl?: FetchLike;
}

/** Extra lease beyond the attempt timeout, so a slow D1 write doesn't let another consumer in. */
const LEASE_MARGIN_MS = 30_000;
/** How much of the receiver's answer the attempt log keeps. */
const SNIPPET_CHARS = 500;
/** Receivers' answers are read for the log only; nobody needs megabytes of them. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

interface Sent {
  outcome: "succeeded" | "failed";
  statusCode: number | null;
  errorCode: string | null;
  error: string | null;
  snippet: string | null;
  latencyMs: number;
  /** False when sending again can't help (the network policy refused the URL). */
  retryable: boolean;
}

let loggedPolicyWarnings = false;

function failed(errorCode: string, error: string, latencyMs: number, retryable = true): Sent {
  return { outcome: "failed", statusCode: null, errorCode, error, snippet: null, latencyMs, retryable };
}

async function send(
  env: DeliveryEnv,
  config: AutomationsConfig,
  target: { id: string; url: string; secrets: string[] },
  event: EventRow,
  claimed: DeliveryRow,
  now: () => number,
  fetchImpl: FetchLike | undefined,
): Promise<Sent> {
  const rawBody = eventBody(event);
  // A fresh timestamp per attempt, so receivers' replay windows accept retries.
  const timestamp = Math.floor(now() / 1000);
  const signature = await signatureHeader(target.secrets, {
    timestamp,
    eventId: event.eventId,
    tenantId: event.orgId,
    rawBody,
  });
  const headers = {
    "content-type": "application/json",
    "user-agent": `Fluxo-Webhooks/${APP_VERSION}`,
    [SIGNATURE_HEADERS.eventId]: event.eventId,
    [SIGNATURE_HEADERS.tenantId]: event.orgId,
    [SIGNATURE_HEADERS.timestamp]: String(timestamp),
    [SIGNATURE_HEADERS.signature]: signature,
    [SIGNATURE_HEADERS.correlationId]: event.correlationId ?? event.eventId,
    "X-Fluxo-Event-Type": event.type,
    "X-Fluxo-Delivery-Id": claimed.id,
    "X-Fluxo-Attempt": String(claimed.attempts + 1),
  };
  const { policy, warnings } = policyFromEnv(env, {
    timeoutMs: config.timeoutMs,
    connectTimeoutMs: Math.min(config.timeoutMs, 10_000),
    maxResponseBytes: MAX_RESPONSE_BYTES,
  });
  if (!loggedPolicyWarnings && warnings.length > 0) {
    loggedPolicyWarnings = true;
    for (const warning of warnings) log("warn", `deliveries: ${warning}`);
  }
  const started = now();
  try {
    const res = await safeFetch(target.url, { method: "POST", headers, body: rawBody, policy, fetchImpl });
    const latencyMs = now() - started;
    const snippet = res.text().slice(0, SNIPPET_CHARS) || null;
    if (isSuccessStatus(res.status)) {
      return {
        outcome: "succeeded",
        statusCode: res.status,
        errorCode: null,
        error: null,
        snippet,
        latencyMs,
        retryable: true,
      };
    }
    return {
      outcome: "failed",
      statusCode: res.status,
      errorCode: `http_${res.status}`,
      error: `The receiver answered HTTP ${res.status}; only 2xx counts as delivered`,
      snippet,
      latencyMs,
      retryable: true,
    };
  } catch (err) {
    const latencyMs = now() - started;
    if (err instanceof NetworkPolicyError) return failed(err.code, err.message, latencyMs, false);
    // Even "deterministic" fetch failures (too large, redirect loop) may be fixed by the receiver: keep the schedule.
    if (err instanceof FetchFailedError) return failed(err.code, err.message, latencyMs);
    log("error", "deliveries: unexpected send error", { delivery_id: claimed.id, error: describeError(err) });
    return failed("internal", "Sending failed unexpectedly; it will be retried", latencyMs);
  }
}

async function whySkipped(
  d1: D1Database,
  id: string,
): Promise<Extract<DeliveryOutcome, { kind: "skipped" }>["reason"]> {
  const row = await loadDeliveryById(d1, id);
  if (!row) return "not_found";
  if (row.status === "succeeded" || row.status === "dead") return "finished";
  return row.status === "delivering" ? "in_flight" : "not_due";
}

/**
 * Makes one attempt of delivery `deliveryId` if it is due and nobody else is on it. A duplicate
 * message, a finished delivery or one that isn't due yet is `skipped` without sending.
 */
export async function attemptDelivery(
  env: DeliveryEnv,
  deliveryId: string,
  options: DeliverOptions = {},
): Promise<DeliveryOutcome> {
  const now = options.now ?? Date.now;
  const config = automationsConfig(env);
  const claimed = await claimDelivery(env.DB, deliveryId, now(), config.timeoutMs + LEASE_MARGIN_MS);
  if (!claimed) return { kind: "skipped", reason: await whySkipped(env.DB, deliveryId) };

  const scope = systemScope(claimed.orgId, "delivering an automation event");
  const destination = await getDestination(env.DB, scope, claimed.destinationId);
  const event = await getEvent(env.DB, scope, claimed.eventId);
  const unsendable = !destination
    ? "The destination was deleted"
    : !destination.enabled
      ? "The destination is disabled; enable it, then redeliver"
      : !event
        ? "The event is missing"
        : null;
  if (unsendable || !destination || !event) {
    const reason = unsendable ?? "The event is missing";
    await markDead(env.DB, claimed.id, reason, now());
    return { kind: "dead", reason };
  }

  let sent: Sent;
  try {
    const secrets = await activeSecrets(await keyring(env), destination, now());
    sent = await send(
      env,
      config,
      { id: destination.id, url: destination.url, secrets },
      event,
      claimed,
      now,
      options.fetchImpl,
    );
  } catch (err) {
    // The secret couldn't be opened (ENCRYPTION_KEY missing or changed): keep the schedule; an operator can fix it.
    log("error", "deliveries: signing secret unavailable", { delivery_id: claimed.id, error: describeError(err) });
    sent = failed("secret_unavailable", "The signing secret could not be decrypted; check ENCRYPTION_KEY", 0);
  }

  const finishedAt = now();
  const decision =
    sent.outcome === "succeeded"
      ? null
      : sent.retryable
        ? decideAfterFailure(claimed.roundAttempts + 1, config.retryDelaysS, finishedAt)
        : ({ kind: "give_up" } as const);
  const status = decision === null ? "succeeded" : decision.kind === "retry" ? "failed_retrying" : "dead";
  await recordAttempt(env.DB, claimed, {
    attemptId: newId("att"),
    startedAt: finishedAt - sent.latencyMs,
    latencyMs: sent.latencyMs,
    outcome: sent.outcome,
    statusCode: sent.statusCode,
    errorCode: sent.errorCode,
    error: sent.error,
    responseSnippet: sent.snippet,
    status,
    nextAttemptAt: decision?.kind === "retry" ? decision.nextAttemptAt : null,
  });
  log(sent.outcome === "succeeded" ? "info" : "warn", "deliveries: attempt", {
    delivery_id: claimed.id,
    destination_id: destination.id,
    event_id: event.eventId,
    attempt: claimed.attempts + 1,
    status_code: sent.statusCode,
    error_code: sent.errorCode,
    latency_ms: sent.latencyMs,
    next: status,
  });
  await trackDestinationHealth(env, scope, destination, sent.outcome, finishedAt, config.disable);

  if (decision === null) return { kind: "succeeded" };
  if (decision.kind === "retry") return { kind: "retry", delaySeconds: decision.delaySeconds };
  return { kind: "dead", reason: sent.error ?? "Gave up" };
}

/** The dead-letter queue's verdict: the queue gave up on this delivery's message. */
export async function markDeadLettered(env: Pick<DeliveryEnv, "DB">, deliveryId: string, nowMs: number) {
  return markDead(env.DB, deliveryId, "The queue gave up on this delivery (dead-letter queue)", nowMs);
}
