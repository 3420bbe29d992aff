/**
 * The run engine: engine overhead per step of a 1,000-step linear no-op run (in an org whose node
 * limit is raised for it), and run-start latency (API call → first step started), at 1 and 10
 * concurrent starters.
 */
import { type BenchCase, type BenchContext, type BenchResult, percentileOf } from "./lib.ts";

interface Org {
  token: string;
}

async function api<T>(ctx: BenchContext, org: Org | null, path: string, body?: unknown, method?: string): Promise<T> {
  const res = await fetch(`${ctx.baseUrl}${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", ...(org ? { authorization: `Bearer ${org.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function newOrg(ctx: BenchContext, maxNodes: number): Promise<Org> {
  const email = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const reg = await api<{ access_token: string }>(ctx, null, "/api/v1/auth/register", {
    email,
    password: "quiet-harbor-lantern-77",
    name: "Bench",
    org_name: "Bench org",
  });
  const org = { token: reg.access_token };
  await api(
    ctx,
    org,
    "/api/v1/orgs/current",
    { settings: { limits: { max_nodes_per_workflow: maxNodes, max_concurrent_runs_per_user: 1_000 } } },
    "PATCH",
  );
  return org;
}

async function publish(ctx: BenchContext, org: Org, graph: unknown): Promise<string> {
  const wf = await api<{ id: string }>(ctx, org, "/api/v1/workflows", { name: "bench", graph });
  await api(ctx, org, `/api/v1/workflows/${wf.id}/versions`, {});
  return wf.id;
}

interface RunEvent {
  event_type: string;
  timestamp: string;
}

async function waitForEvent(
  ctx: BenchContext,
  org: Org,
  runId: string,
  type: string,
  timeoutMs: number,
): Promise<RunEvent[]> {
  const deadline = Date.now() + timeoutMs;
  let after = 0;
  const seen: RunEvent[] = [];
  for (;;) {
    const page = await api<{ items: (RunEvent & { seq: number })[]; next_after_seq: number }>(
      ctx,
      org,
      `/api/v1/runs/${runId}/events?after_seq=${after}&limit=1000`,
    );
    seen.push(...page.items);
    after = page.next_after_seq;
    if (seen.some((e) => e.event_type === type)) return seen;
    if (Date.now() > deadline) throw new Error(`run ${runId}: no ${type} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, page.items.length > 0 ? 0 : 20));
  }
}

const NAN = Number.NaN;

export default function cases(ctx: BenchContext): BenchCase[] {
  const STEPS = 1_000;
  const linear = {
    nodes: Array.from({ length: STEPS }, (_, i) => ({ id: `s${i}`, type: "noop", config: {} })),
    edges: Array.from({ length: STEPS - 1 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
  };
  const startLatency = (connections: number): BenchCase => ({
    name: "run start → first step started",
    scenario: async (): Promise<Omit<BenchResult, "name">> => {
      const org = await newOrg(ctx, 50);
      const wf = await publish(ctx, org, { nodes: [{ id: "only", type: "noop", config: {} }], edges: [] });
      const samples: number[] = [];
      const perLoop = 20;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          for (let i = 0; i < perLoop; i++) {
            const t0 = Date.now();
            const { run_id } = await api<{ run_id: string }>(ctx, org, `/api/v1/workflows/${wf}/runs`, {});
            const events = await waitForEvent(ctx, org, run_id, "step.started", 10_000);
            const first = events.find((e) => e.event_type === "step.started");
            if (first) samples.push(Date.parse(first.timestamp) - t0);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      samples.sort((a, b) => a - b);
      return {
        connections,
        requests: samples.length,
        errors: connections * perLoop - samples.length,
        perSecond: samples.length / elapsed,
        p50: percentileOf(samples, 50),
        p99: percentileOf(samples, 99),
        note: "per s = runs started",
      };
    },
  });
  return [
    {
      name: `${STEPS}-step linear no-op run`,
      scenario: async () => {
        const org = await newOrg(ctx, STEPS);
        const wf = await publish(ctx, org, linear);
        const t0 = Date.now();
        const { run_id } = await api<{ run_id: string }>(ctx, org, `/api/v1/workflows/${wf}/runs`, {});
        const events = await waitForEvent(ctx, org, run_id, "execution.completed", 300_000);
        const wall = Date.now() - t0;
        const first = events.find((e) => e.event_type === "step.started");
        const done = events.find((e) => e.event_type === "execution.completed");
        const engineMs = first && done ? Date.parse(done.timestamp) - Date.parse(first.timestamp) : NAN;
        return {
          connections: 1,
          requests: STEPS,
          errors: 0,
          perSecond: (STEPS / engineMs) * 1000,
          p50: NAN,
          p99: NAN,
          note: `${(engineMs / STEPS).toFixed(3)} ms per step (first step → completed ${engineMs} ms; wall ${wall} ms)`,
        };
      },
    },
    startLatency(1),
    startLatency(10),
  ];
}
