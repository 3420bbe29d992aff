/**
 * The run engine: engine overhead per step of a 1,000-step linear no-op run (in an org whose node
 * limit is raised for it), and run-start latency (API call → first step started), at 1 and 10
 * concurrent starters.
 */
import {
  benchApi as api,
  type BenchCase,
  type BenchContext,
  type BenchResult,
  newBenchOrg,
  type BenchOrg as Org,
  percentileOf,
} from "./lib.ts";

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
      const org = await newBenchOrg(ctx, "runs", { max_nodes_per_workflow: 50, max_concurrent_runs_per_user: 1_000 });
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
        const org = await newBenchOrg(ctx, "runs", {
          max_nodes_per_workflow: STEPS,
          max_concurrent_runs_per_user: 1_000,
        });
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
