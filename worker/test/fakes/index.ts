/**
 * Shared plumbing of the provider fakes (Cloudflare, Portainer, n8n, Hetzner): a `node:http` server on 127.0.0.1
 * that parses JSON bodies, records every request, and keeps one isolated "world" of state per test.
 *
 * Worlds: a path that starts with `/t/<world>/` addresses the world `<world>` (the prefix is stripped before the
 * fake's own routing), anything else the world `default`. A test points a runbook's base URL at
 * `<url>/t/<unique key>` and sees only its own records and requests, even when files run in parallel.
 * Control endpoints in every world (tests inside workerd can't reach the server's memory):
 * `GET …/__state` → `{ state, requests }`, `POST …/__seed` (fake-specific JSON body) → `{ ok: true }`.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a fake saw it (path without the world prefix). */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, else the text (`null` when empty). */
  body: unknown;
}

/** The state and request log of one world. */
export interface FakeWorld<S> {
  state: S;
  requests: FakeRequest[];
}

/** What a fake's handler gets. */
export interface FakeCall<S> {
  method: string;
  /** Path without the world prefix and query, e.g. `/client/v4/zones/z1/dns_records`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  world: FakeWorld<S>;
}

/** A fake's answer: JSON (default) or text. */
export type FakeReply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; headers?: Record<string, string> };

/** A running fake. */
export interface FakeServer<S> {
  /** `http://127.0.0.1:<port>` (the default world). */
  url: string;
  /** The state of a world (created empty on first use). */
  state(world?: string): S;
  /** Requests a world received, oldest first (control requests excluded). */
  requests(world?: string): FakeRequest[];
  close(): Promise<void>;
}

/** How to build one fake. */
export interface FakeDefinition<S> {
  /** A fresh, JSON-serialisable state for a new world. */
  initialState(): S;
  /** Applies a `POST /__seed` body to a world (throw to answer 400). */
  seed(world: FakeWorld<S>, body: unknown): void;
  /** Routes one request; `null` means 404. */
  handle(call: FakeCall<S>): FakeReply | null;
}

const WORLD_PREFIX = /^\/t\/([A-Za-z0-9_.-]{1,120})(\/.*)?$/;

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

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Starts a fake on a free port of 127.0.0.1. */
export async function startFakeServer<S>(definition: FakeDefinition<S>): Promise<FakeServer<S>> {
  const worlds = new Map<string, FakeWorld<S>>();
  const worldOf = (key: string): FakeWorld<S> => {
    let world = worlds.get(key);
    if (!world) {
      world = { state: definition.initialState(), requests: [] };
      worlds.set(key, world);
    }
    return world;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await readBody(req);
    const reply = (answer: FakeReply) => {
      if ("json" in answer) {
        res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        res.end(JSON.stringify(answer.json));
      } else {
        res.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8", ...answer.headers });
        res.end(answer.text);
      }
    };
    const prefixed = WORLD_PREFIX.exec(url.pathname);
    const world = worldOf(prefixed?.[1] ?? "default");
    const path = prefixed ? (prefixed[2] ?? "/") : url.pathname;
    const method = req.method ?? "GET";
    const body = parseBody(text);
    try {
      if (path === "/__state" && method === "GET") return reply({ status: 200, json: world });
      if (path === "/__seed" && method === "POST") {
        definition.seed(world, body);
        return reply({ status: 200, json: { ok: true } });
      }
      const headers = flatHeaders(req);
      world.requests.push({ method, path, query: Object.fromEntries(url.searchParams), headers, body });
      const answer = definition.handle({ method, path, query: url.searchParams, headers, body, world });
      reply(answer ?? { status: 404, json: { message: `no route for ${method} ${path}` } });
    } catch (err) {
      reply({ status: 400, json: { message: err instanceof Error ? err.message : String(err) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state: (key = "default") => worldOf(key).state,
    requests: (key = "default") => worldOf(key).requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Matches `path` against a pattern like `/zones/:zone/dns_records`; returns the named segments or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.replace(/\/+$/, "").split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = got[index] ?? "";
    if (segment.startsWith(":")) {
      if (actual === "") return null;
      params[segment.slice(1)] = decodeURIComponent(actual);
    } else if (segment !== actual) return null;
  }
  return params;
}

/** The bearer token of a request, or null. */
export function bearerToken(headers: Record<string, string>): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "");
  return match?.[1]?.trim() ?? null;
}

/** A plain object, for reading untyped JSON bodies. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** An array, for reading untyped JSON bodies (anything else is empty). */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
