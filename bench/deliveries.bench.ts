/**
 * Signed deliveries per second to a loopback receiver, end to end: publish an event through the API
 * (a destination test ping) → D1 → the `deliveries` queue → the consumer signs and POSTs → the
 * receiver verifies the signature. One unit of work is one event received and verified.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { BenchCase, BenchContext } from "./lib.ts";

const TIMEOUT_MS = 30_000;

function verified(req: IncomingMessage, body: string, secret: string): boolean {
  const header = (name: string) => String(req.headers[name] ?? "");
  const content = `${header("x-fluxo-timestamp")}.${header("x-fluxo-event-id")}.${header("x-fluxo-tenant-id")}.${body}`;
  const expected = createHmac("sha256", secret).update(content).digest();
  return header("x-fluxo-signature")
    .split(" ")
    .some((part) => {
      const got = Buffer.from(part.replace(/^v1=/, ""), "hex");
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}

/** A receiver on 127.0.0.1 that resolves a waiter per event id once the signature verifies. */
async function startReceiver(secret: string) {
  const waiters = new Map<string, (ok: boolean) => void>();
  const early = new Map<string, boolean>();
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const body = Buffer.concat(parts).toString("utf8");
      const ok = verified(req, body, secret);
      res.writeHead(ok ? 200 : 401).end();
      const eventId = String(req.headers["x-fluxo-event-id"] ?? "");
      const waiter = waiters.get(eventId);
      if (waiter) {
        waiters.delete(eventId);
        waiter(ok);
      } else early.set(eventId, ok); // arrived before the publisher learned its id
    });
  });
  server.unref(); // the bench process may exit without closing it
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  function received(eventId: string): Promise<boolean> {
    const done = early.get(eventId);
    if (done !== undefined) {
      early.delete(eventId);
      return Promise.resolve(done);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiters.delete(eventId);
        resolve(false);
      }, TIMEOUT_MS);
      timer.unref();
      waiters.set(eventId, (ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
    });
  }
  return { origin, received };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

export default async function cases(ctx: BenchContext): Promise<BenchCase[]> {
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const receiver = await startReceiver(secret);
  // A fresh organization of its own, so the bench's deliveries don't mix with the demo org's.
  const registered = await post(`${ctx.baseUrl}/api/v1/auth/register`, {
    email: `bench-${Date.now().toString(36)}@example.com`,
    password: "correct-horse-battery-staple-42",
    name: "Load Tester",
    org_name: "Bench deliveries",
  });
  const auth = { authorization: `Bearer ${String(registered.access_token)}` };
  const destination = await post(
    `${ctx.baseUrl}/api/v1/automations/destinations`,
    { name: "Bench receiver", url: `${receiver.origin}/hook`, secret },
    auth,
  );
  const testUrl = `${ctx.baseUrl}/api/v1/automations/destinations/${String(destination.id)}/test`;

  const deliverOne = async () => {
    const { event_id } = await post(testUrl, {}, auth);
    return receiver.received(String(event_id));
  };
  return [1, 10].map((connections) => ({
    name: "signed delivery to loopback receiver (end to end)",
    connections,
    durationMs: 5_000,
    run: deliverOne,
  }));
}
