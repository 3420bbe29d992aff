/** Helpers for the automations tests: the loopback receiver, destinations, polling, signing callbacks. */
import { exports } from "cloudflare:workers";
import { inject } from "vitest";
import { call, jsonOf, type Session } from "./helpers";
import type { ReceivedRequest } from "./receiver-setup";

/** `http://127.0.0.1:<port>` of the receiver started by receiver-setup.ts. */
export const receiver = () => inject("receiverOrigin");

let keys = 0;
/** A key no other test uses, so each test reads only its own requests. */
export function freshKey(tag = "k"): string {
  keys += 1;
  return `${tag}${Date.now().toString(36)}${keys}`;
}

/** A supplied signing secret, unique per call. */
export function testSecret(): string {
  return `whsec_test_${crypto.randomUUID().replaceAll("-", "")}`;
}

export async function received(key: string): Promise<ReceivedRequest[]> {
  return (await fetch(`${receiver()}/__control/requests?key=${key}`)).json();
}

/** Tells the receiver which secrets verify requests to `/verify/<key>`. */
export async function registerSecrets(key: string, secrets: string[]): Promise<void> {
  await fetch(`${receiver()}/__control/secrets`, { method: "POST", body: JSON.stringify({ key, secrets }) });
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    last = value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export interface CreatedDestination {
  id: string;
  secret?: string;
  secret_masked: string;
  [key: string]: unknown;
}

export async function createDestination(
  session: Session,
  body: { url: string; name?: string; event_types?: string[]; secret?: string; enabled?: boolean },
): Promise<CreatedDestination> {
  const res = await call("/api/v1/automations/destinations", {
    token: session.token,
    body: { name: "Receiver", ...body },
  });
  if (res.status !== 201) throw new Error(`create destination: ${res.status} ${await res.text()}`);
  return jsonOf(res);
}

export async function deliveryDetail(session: Session, id: string): Promise<any> {
  const res = await call(`/api/v1/automations/deliveries/${id}`, { token: session.token });
  if (res.status !== 200) throw new Error(`delivery ${id}: ${res.status} ${await res.text()}`);
  return jsonOf(res);
}

/** Waits until the delivery reaches `status` and returns its detail. */
export function waitForStatus(session: Session, id: string, status: string, timeoutMs?: number): Promise<any> {
  return waitFor(
    `delivery ${id} to be ${status}`,
    async () => {
      const detail = await deliveryDetail(session, id);
      return detail.status === status ? detail : undefined;
    },
    timeoutMs,
  );
}

/** Sends a test ping through the API; returns its event and delivery ids. */
export async function sendTest(
  session: Session,
  destinationId: string,
): Promise<{ event_id: string; delivery_id: string }> {
  const res = await call(`/api/v1/automations/destinations/${destinationId}/test`, {
    token: session.token,
    method: "POST",
  });
  if (res.status !== 202) throw new Error(`test send: ${res.status} ${await res.text()}`);
  return jsonOf(res);
}

/** The Worker's queue and cron entry points (reachable thanks to `service_binding_extra_handlers`). */
export interface WorkerHandlers {
  queue(
    queueName: string,
    messages: { id: string; timestamp: Date; body: unknown; attempts: number }[],
  ): Promise<{
    outcome: string;
    ackAll: boolean;
    explicitAcks: string[];
    retryMessages: { msgId: string; delaySeconds?: number }[];
  }>;
  scheduled(options: { scheduledTime?: Date | number; cron?: string }): Promise<{ outcome: string }>;
}
export const worker = exports.default as unknown as WorkerHandlers;

/** Runs the real queue handler on one message for `deliveryId`. */
export function runConsumer(deliveryId: string, queueName = "deliveries", attempts = 1) {
  return worker.queue(queueName, [
    { id: `msg-${crypto.randomUUID()}`, timestamp: new Date(), body: { delivery_id: deliveryId }, attempts },
  ]);
}

/** HMAC-SHA256 hex with WebCrypto, written apart from the Worker's signing module on purpose. */
export async function hmacHex(secret: string, content: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(content)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Posts a callback signed the way integrators do. */
export async function postCallback(
  body: Record<string, unknown>,
  secret: string,
  options: { timestamp?: number; path?: string; signature?: string } = {},
): Promise<Response> {
  const raw = JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const eventId = String(body.event_id ?? body.correlation_id ?? "");
  const signature =
    options.signature ?? `v1=${await hmacHex(secret, `${timestamp}.${eventId}.${String(body.tenant_id)}.${raw}`)}`;
  return call(options.path ?? "/api/v1/automations/callbacks", {
    body: raw,
    headers: { "X-Fluxo-Timestamp": String(timestamp), "X-Fluxo-Signature": signature },
  });
}
