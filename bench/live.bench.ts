/**
 * Live runs: event fan-out latency to 100 WebSocket subscribers of one run (from the API call that
 * causes the event to each subscriber receiving it; p50/p99 over all deliveries), and the time to
 * replay 10,000 events over SSE from `Last-Event-ID: 0` to the end of the stream.
 */
import type { BenchCase, BenchContext, BenchResult } from "./lib.ts";
import { benchApi as api, newBenchOrg, type BenchOrg as Org, percentileOf } from "./lib.ts";

const NAN = Number.NaN;

async function publish(ctx: BenchContext, org: Org, graph: unknown): Promise<string> {
  const wf = await api<{ id: string }>(ctx, org, "/api/v1/workflows", { name: "bench live", graph });
  await api(ctx, org, `/api/v1/workflows/${wf.id}/versions`, {});
  return wf.id;
}

async function waitStatus(ctx: BenchContext, org: Org, runId: string, ok: (s: string) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await api<{ status: string }>(ctx, org, `/api/v1/runs/${runId}`);
    if (ok(run.status)) return;
    if (Date.now() > deadline) throw new Error(`run ${runId} stuck at ${run.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function fanOut(ctx: BenchContext): BenchCase {
  return {
    name: "event fan-out to 100 WebSocket subscribers",
    scenario: async (): Promise<Omit<BenchResult, "name">> => {
      const SUBSCRIBERS = 100;
      const ROUNDS = 5;
      const org = await newBenchOrg(ctx, "live", { max_nodes_per_workflow: 50 });
      const gates = Array.from({ length: ROUNDS }, (_, i) => ({ id: `gate${i}`, type: "approval", config: {} }));
      const wf = await publish(ctx, org, {
        nodes: gates,
        edges: gates.slice(1).map((g, i) => ({ from: `gate${i}`, to: g.id })),
      });
      const { run_id } = await api<{ run_id: string }>(ctx, org, `/api/v1/workflows/${wf}/runs`, {});
      await waitStatus(ctx, org, run_id, (s) => s === "waiting", 10_000);
      const latencies: number[] = [];
      let sentAt = 0;
      let expecting = "";
      const sockets = await Promise.all(
        Array.from({ length: SUBSCRIBERS }, async () => {
          const { ticket } = await api<{ ticket: string }>(ctx, org, `/api/v1/runs/${run_id}/stream-ticket`, {});
          const ws = new WebSocket(`${ctx.baseUrl.replace("http", "ws")}/api/v1/runs/${run_id}/ws?ticket=${ticket}`);
          await new Promise<void>((resolve, reject) => {
            ws.addEventListener("open", () => resolve(), { once: true });
            ws.addEventListener("error", () => reject(new Error("socket failed")), { once: true });
          });
          ws.addEventListener("message", (event) => {
            const body = JSON.parse(String(event.data)) as { event_type?: string; data?: { node_id?: string } };
            if (body.event_type === "approval.decided" && body.data?.node_id === expecting)
              latencies.push(performance.now() - sentAt);
          });
          ws.send(JSON.stringify({ after_seq: 0 }));
          return ws;
        }),
      );
      for (let i = 0; i < ROUNDS; i++) {
        const before = latencies.length;
        expecting = `gate${i}`;
        sentAt = performance.now();
        await api(ctx, org, `/api/v1/runs/${run_id}/steps/gate${i}/approve`, {});
        const deadline = Date.now() + 10_000;
        while (latencies.length < before + SUBSCRIBERS && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 5));
      }
      for (const ws of sockets) ws.close();
      latencies.sort((a, b) => a - b);
      return {
        connections: SUBSCRIBERS,
        requests: latencies.length,
        errors: SUBSCRIBERS * ROUNDS - latencies.length,
        perSecond: NAN,
        p50: percentileOf(latencies, 50),
        p99: percentileOf(latencies, 99),
        note: `${ROUNDS} events × ${SUBSCRIBERS} subscribers; latency = approve call sent → event received`,
      };
    },
  };
}

function sseReplay(ctx: BenchContext): BenchCase {
  return {
    name: "SSE replay of 10,000 events",
    scenario: async (): Promise<Omit<BenchResult, "name">> => {
      // A linear no-op run emits step.started + step.completed per step, plus progress events.
      const STEPS = 5_000;
      const org = await newBenchOrg(ctx, "live", { max_nodes_per_workflow: STEPS });
      const wf = await publish(ctx, org, {
        nodes: Array.from({ length: STEPS }, (_, i) => ({ id: `s${i}`, type: "noop", config: {} })),
        edges: Array.from({ length: STEPS - 1 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
      });
      const { run_id } = await api<{ run_id: string }>(ctx, org, `/api/v1/workflows/${wf}/runs`, {});
      await waitStatus(ctx, org, run_id, (s) => s === "completed", 300_000);
      const t0 = performance.now();
      const res = await fetch(`${ctx.baseUrl}/api/v1/runs/${run_id}/stream`, {
        headers: { authorization: `Bearer ${org.token}`, "Last-Event-ID": "0" },
      });
      const text = await res.text();
      const ms = performance.now() - t0;
      const events = (text.match(/^id: /gm) ?? []).length;
      return {
        connections: 1,
        requests: events,
        errors: events >= 10_000 ? 0 : 1,
        perSecond: (events / ms) * 1000,
        p50: NAN,
        p99: NAN,
        note: `${events} events replayed in ${Math.round(ms)} ms (per s = events)`,
      };
    },
  };
}

export default function cases(ctx: BenchContext): BenchCase[] {
  return [fanOut(ctx), sseReplay(ctx)];
}
