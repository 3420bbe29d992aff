/**
 * A fake of n8n's public REST API (`/api/v1/…`, `X-N8N-API-KEY` auth, `{ message }` errors): workflows with
 * cursor pagination (`{ data, nextCursor }`, `limit` up to 250) and the workflow's nodes with their credential
 * references (`credentials: { <type>: { id, name } }`), as n8n returns them.
 *
 * Seed (`POST <url>/t/<world>/__seed`): `{ workflows: [{ id, name, active?, nodes?, connections? }], page_size? }`.
 * `page_size` caps the page below the request's `limit`, so tests can force several pages with few workflows.
 */
import { asArray, asRecord, type FakeCall, type FakeReply, startFakeServer } from "./index";

/** The API key the fake accepts by default. */
export const FAKE_N8N_API_KEY = "n8n_api_fake_0123456789abcdef";

/** A stored workflow (n8n's shape, trimmed). */
export interface N8nWorkflow {
  id: string;
  name: string;
  active: boolean;
  nodes: unknown[];
  connections: Record<string, unknown>;
  settings: Record<string, unknown>;
  tags: unknown[];
  createdAt: string;
  updatedAt: string;
}

export interface N8nState {
  workflows: N8nWorkflow[];
  /** The largest page the fake answers (n8n's own limit is 250). */
  page_size: number;
}

const MAX_LIMIT = 250;

/** n8n's cursors are opaque base64; this one encodes the next offset. */
function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64");
}

function decodeCursor(cursor: string): number | null {
  try {
    const value = asRecord(JSON.parse(Buffer.from(cursor, "base64").toString("utf8"))).offset;
    return typeof value === "number" && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

function route(call: FakeCall<N8nState>, keys: ReadonlySet<string>): FakeReply | null {
  if (!keys.has(call.headers["x-n8n-api-key"] ?? "")) return { status: 401, json: { message: "unauthorized" } };
  const { state } = call.world;
  if (call.path === "/api/v1/workflows" && call.method === "GET") {
    const limit = Number(call.query.get("limit") ?? "100");
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return { status: 400, json: { message: `request/query/limit must be <= ${MAX_LIMIT}` } };
    }
    const cursor = call.query.get("cursor");
    const offset = cursor ? decodeCursor(cursor) : 0;
    if (offset === null) return { status: 400, json: { message: "An invalid cursor was provided" } };
    const size = Math.min(limit, state.page_size);
    const data = state.workflows.slice(offset, offset + size);
    const next = offset + size < state.workflows.length ? encodeCursor(offset + size) : null;
    return { status: 200, json: { data, nextCursor: next } };
  }
  const one = /^\/api\/v1\/workflows\/([^/]+)$/.exec(call.path);
  if (one && call.method === "GET") {
    const workflow = state.workflows.find((w) => w.id === one[1]);
    return workflow ? { status: 200, json: workflow } : { status: 404, json: { message: "Not Found" } };
  }
  return null;
}

function seed(world: { state: N8nState }, body: unknown): void {
  const spec = asRecord(body);
  if (typeof spec.page_size === "number") world.state.page_size = spec.page_size;
  if (!spec.workflows) return;
  world.state.workflows = asArray(spec.workflows).map((item) => {
    const w = asRecord(item);
    return {
      id: String(w.id),
      name: String(w.name),
      active: w.active === true,
      nodes: asArray(w.nodes),
      connections: asRecord(w.connections),
      settings: { executionOrder: "v1" },
      tags: [],
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-02T00:00:00.000Z",
    };
  });
}

/**
 * Starts the fake on 127.0.0.1.
 * @example
 * const n8n = await startFakeN8n();
 * // runbook input: { n8n_url: `${n8n.url}/t/${key}` }
 */
export async function startFakeN8n(options: { apiKeys?: readonly string[] } = {}) {
  const keys = new Set(options.apiKeys ?? [FAKE_N8N_API_KEY]);
  return startFakeServer<N8nState>({
    initialState: () => ({ workflows: [], page_size: MAX_LIMIT }),
    seed,
    handle: (call) => route(call, keys),
  });
}
