/**
 * Vitest globalSetup for the `workers` project: a real HTTP receiver on 127.0.0.1 that the Worker's
 * deliveries reach through `safeFetch` (tests inside workerd can't open servers themselves).
 *
 * Behaviour is chosen by the path, `/<kind>/<key>` (use a fresh key per test):
 * - `ok`       answers 200
 * - `verify`   checks the Fluxo signature with the secrets registered for the key: 200, or 401
 * - `flaky-N`  answers 500 the first N times, then 200
 * - `fail`     always answers 500
 * - `hang`     never answers (the socket is closed after a minute)
 * Control (JSON): `POST /__control/secrets {key, secrets}`, `GET /__control/requests?key=`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the test receiver. */
    receiverOrigin: string;
  }
}

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  kind: string;
  key: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /** Whether the signature verified (only for `verify`). */
  verified: boolean | null;
  answered: number | null;
  at: number;
}

const REPLAY_WINDOW_S = 300;

/** The receiver side of the scheme, written independently of the Worker's code on purpose. */
function verifyFluxoSignature(headers: Record<string, string>, body: string, secrets: string[]): boolean {
  const timestamp = headers["x-fluxo-timestamp"] ?? "";
  const eventId = headers["x-fluxo-event-id"] ?? "";
  const tenantId = headers["x-fluxo-tenant-id"] ?? "";
  const signatures = (headers["x-fluxo-signature"] ?? "")
    .split(/[\s,]+/)
    .filter((part) => part.startsWith("v1="))
    .map((part) => Buffer.from(part.slice(3), "hex"));
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > REPLAY_WINDOW_S) return false;
  return secrets.some((secret) => {
    const expected = createHmac("sha256", secret).update(`${timestamp}.${eventId}.${tenantId}.${body}`).digest();
    return signatures.some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected));
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** Starts the receiver; returns its origin and a close function. */
export async function startReceiver(): Promise<{ origin: string; close: () => Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const secrets = new Map<string, string[]>();
  const counts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    };
    if (url.pathname === "/__control/secrets" && req.method === "POST") {
      const input = JSON.parse(body) as { key: string; secrets: string[] };
      secrets.set(input.key, input.secrets);
      send(200, { ok: true });
      return;
    }
    if (url.pathname === "/__control/requests") {
      const key = url.searchParams.get("key");
      send(
        200,
        requests.filter((r) => r.key === key),
      );
      return;
    }
    const [, kind = "", key = ""] = url.pathname.split("/");
    const record: ReceivedRequest = {
      kind,
      key,
      method: req.method ?? "GET",
      headers: flatHeaders(req),
      body,
      verified: null,
      answered: null,
      at: Date.now(),
    };
    requests.push(record);
    const seen = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, seen);
    const answer = (status: number) => {
      record.answered = status;
      send(status, { status });
    };
    const flaky = /^flaky-(\d+)$/.exec(kind);
    if (kind === "ok") answer(200);
    else if (kind === "verify") {
      record.verified = verifyFluxoSignature(record.headers, body, secrets.get(key) ?? []);
      answer(record.verified ? 200 : 401);
    } else if (flaky) answer(seen <= Number(flaky[1]) ? 500 : 200);
    else if (kind === "fail") answer(500);
    else if (kind === "hang") {
      hanging.add(res);
      setTimeout(() => res.destroy(), 60_000).unref();
    } else answer(404);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export default async function setup(project: TestProject) {
  const receiver = await startReceiver();
  project.provide("receiverOrigin", receiver.origin);
  return receiver.close;
}
