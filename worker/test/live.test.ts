import { evictDurableObject, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { RunEventV1 } from "../contracts/run-events";
import { BASE, call, jsonOf, registerOrg, type Session } from "./helpers";
import { publishWorkflow, startRun, terminal, waitForRun } from "./run-helpers";

let owner: Session;
let gateFlow: string;

beforeAll(async () => {
  owner = await registerOrg("live");
  gateFlow = await publishWorkflow(owner, {
    nodes: [
      { id: "first", type: "set", config: { values: { a: 1 } } },
      { id: "gate", type: "approval", config: { message: "Continue?" } },
      { id: "second", type: "set", config: { values: { b: 2 } } },
      { id: "third", type: "noop", config: {} },
    ],
    edges: [
      { from: "first", to: "gate" },
      { from: "gate", to: "second" },
      { from: "second", to: "third" },
    ],
  });
});

interface Received {
  seq: number;
  event_type: string;
  schema_version: number;
}

/** Opens the run's WebSocket through the Worker, like a client would. */
async function openSocket(runId: string, auth: { token?: string; ticket?: string } = { token: owner.token }) {
  const url = `${BASE}/api/v1/runs/${runId}/ws${auth.ticket ? `?ticket=${auth.ticket}` : ""}`;
  const res = await SELF.fetch(url, {
    headers: { Upgrade: "websocket", ...(auth.token ? { Authorization: `Bearer ${auth.token}` } : {}) },
  });
  if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
  const ws = res.webSocket;
  const received: Received[] = [];
  ws.addEventListener("message", (e) => {
    const body = JSON.parse(e.data as string);
    if (typeof body.seq === "number") received.push(body);
  });
  ws.accept();
  return { ws, received };
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const seqs = (events: Received[]) => events.map((e) => e.seq);
const contiguous = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("WebSocket", () => {
  it("replays missed events after a reconnect exactly once, in order, without gaps", async () => {
    const runId = await startRun(owner, gateFlow);
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    const first = await openSocket(runId);
    first.ws.send(JSON.stringify({ after_seq: 0 }));
    await until(() => first.received.some((e) => e.event_type === "approval.requested"), "approval.requested");
    expect(first.received[0]).toMatchObject({ seq: 1, event_type: "execution.created", schema_version: 1 });
    const lastSeen = first.received.at(-1)!.seq;
    expect(seqs(first.received)).toEqual(contiguous(1, lastSeen));
    first.ws.close(1000, "bye");

    // While disconnected the run moves on.
    await call(`/api/v1/runs/${runId}/steps/gate/approve`, { token: owner.token, body: {} });
    await waitForRun(owner, runId, terminal);

    const second = await openSocket(runId);
    second.ws.send(JSON.stringify({ after_seq: lastSeen }));
    await until(() => second.received.some((e) => e.event_type === "execution.completed"), "execution.completed");
    const all = [...first.received, ...second.received];
    expect(seqs(all)).toEqual(contiguous(1, all.at(-1)!.seq));
    // Every event matches the versioned schema (SPEC §5).
    for (const event of all) expect(RunEventV1.safeParse(event).success, JSON.stringify(event)).toBe(true);
    second.ws.close(1000, "bye");
  });

  it("fans out to 100 subscribers, also after the object was evicted with sockets open", async () => {
    const runId = await startRun(owner, gateFlow);
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    const sockets = await Promise.all(Array.from({ length: 100 }, () => openSocket(runId)));
    for (const s of sockets) s.ws.send(JSON.stringify({ after_seq: 0 }));
    await until(
      () => sockets.every((s) => s.received.some((e) => e.event_type === "approval.requested")),
      "all subscribed",
    );

    // Hibernation: the object goes away, the sockets stay (their state lives in attachments).
    await evictDurableObject(env.RUNS.get(env.RUNS.idFromName(runId)));
    await call(`/api/v1/runs/${runId}/steps/gate/approve`, { token: owner.token, body: {} });
    await until(
      () => sockets.every((s) => s.received.some((e) => e.event_type === "execution.completed")),
      "all completed",
      20_000,
    );
    const expected = seqs(sockets[0]!.received);
    expect(expected).toEqual(contiguous(1, expected.at(-1)!));
    for (const s of sockets) expect(seqs(s.received)).toEqual(expected);
    for (const s of sockets) s.ws.close(1000, "bye");
  });

  it("authenticates browsers with a short-lived ticket bound to one run", async () => {
    const runId = await startRun(owner, gateFlow);
    const other = await startRun(owner, gateFlow);
    const { ticket } = await jsonOf(
      await call(`/api/v1/runs/${runId}/stream-ticket`, { method: "POST", token: owner.token }),
    );
    const ok = await openSocket(runId, { ticket });
    ok.ws.close(1000, "bye");
    const wrongRun = await SELF.fetch(`${BASE}/api/v1/runs/${other}/ws?ticket=${ticket}`, {
      headers: { Upgrade: "websocket" },
    });
    expect(wrongRun.status).toBe(401);
    const noAuth = await SELF.fetch(`${BASE}/api/v1/runs/${runId}/ws`, { headers: { Upgrade: "websocket" } });
    expect(noAuth.status).toBe(401);
    const stranger = await registerOrg("stranger");
    const foreign = await SELF.fetch(`${BASE}/api/v1/runs/${runId}/ws`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${stranger.token}` },
    });
    expect(foreign.status).toBe(404);
    for (const id of [runId, other]) await call(`/api/v1/runs/${id}/cancel`, { token: owner.token, body: {} });
  });
});

describe("SSE", () => {
  it("replays after Last-Event-ID and ends when the run ends", async () => {
    const runId = await startRun(owner, gateFlow);
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    const res = await SELF.fetch(`${BASE}/api/v1/runs/${runId}/stream`, {
      headers: { Authorization: `Bearer ${owner.token}`, "Last-Event-ID": "2" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const approve = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      await call(`/api/v1/runs/${runId}/steps/gate/approve`, { token: owner.token, body: {} });
    })();
    const text = await res.text(); // the stream ends after execution.completed
    await approve;
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(3);
    expect(ids).toEqual(contiguous(3, ids.at(-1)!));
    expect(text).toMatch(/event: execution\.completed/);
  });
});

describe("org feed", () => {
  it("streams run status changes of the org to the dashboard, and counts runs by status", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/feed/ws`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${owner.token}` },
    });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const seen: { run_id: string; status: string }[] = [];
    ws.addEventListener("message", (e) => seen.push(JSON.parse(e.data as string)));
    ws.accept();
    const runId = await startRun(owner, gateFlow);
    await until(() => seen.some((e) => e.run_id === runId && e.status === "waiting"), "waiting in the feed");
    await call(`/api/v1/runs/${runId}/cancel`, { token: owner.token, body: {} });
    await until(() => seen.some((e) => e.run_id === runId && e.status === "canceled"), "canceled in the feed");
    expect(seen.filter((e) => e.run_id === runId).map((e) => e.status)).toEqual(["running", "waiting", "canceled"]);
    ws.close(1000, "bye");

    const stats = await jsonOf(await call("/api/v1/feed/stats", { token: owner.token }));
    expect(stats.counts.canceled).toBeGreaterThan(0);
    const stranger = await registerOrg("feed-stranger");
    const theirs = await jsonOf(await call("/api/v1/feed/stats", { token: stranger.token }));
    expect(theirs.total).toBe(0);
  });
});
