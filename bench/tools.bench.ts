/**
 * Tool calls: `POST /api/v1/mcp/tools/call` on the built-in `builtin/json_query` (no network) at 1 and
 * 10 connections, and a one-step `mcp_tool` workflow run against a loopback MCP server (the SDK's
 * Streamable HTTP server from the test fakes), start → completed.
 *
 * Built-in tools count against a per-org, per-server limit of 100 calls a minute that an org can't
 * raise, so a timed load loop would measure 429s after the first second. Instead each connection gets
 * a fresh org of its own and makes a fixed CALLS_PER_ORG (< 100) calls in it: the limit's upsert still
 * runs on every call, it just never refuses one.
 */
import { startMcpServer } from "../worker/test/fakes/mcp-server.ts";
import {
  benchApi as api,
  type BenchCase,
  type BenchContext,
  type BenchResult,
  newBenchOrg,
  type BenchOrg as Org,
  percentileOf,
} from "./lib.ts";

/** Calls per org and connection, warm-up included: under the built-in limit of 100 a minute. */
const CALLS_PER_ORG = 90;
const WARMUP_CALLS = 10;
const WORKFLOW_RUNS = 30;
const WORKFLOW_WARMUP_RUNS = 3;
const RUN_TIMEOUT_MS = 30_000;

/** Latency samples (ms) → a result row; `perSecond` is samples per second of `elapsedMs`. */
function summary(
  samples: number[],
  attempts: number,
  connections: number,
  elapsedMs: number,
  note: string,
): Omit<BenchResult, "name"> {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    connections,
    requests: sorted.length,
    errors: attempts - sorted.length,
    perSecond: sorted.length / (elapsedMs / 1000),
    p50: percentileOf(sorted, 50),
    p99: percentileOf(sorted, 99),
    note,
  };
}

const QUERY = {
  server_label: "builtin",
  tool: "json_query",
  arguments: {
    expression: "$sum(input.items[price > 10].price)",
    data: { items: [{ price: 5 }, { price: 12 }, { price: 30 }] },
  },
};
const QUERY_RESULT = 42;

type CallOutcome = "ok" | "rate_limited" | "failed";

/** One built-in call; "ok" only when the tool answered the expected value. */
async function callJsonQuery(ctx: BenchContext, org: Org): Promise<CallOutcome> {
  const res = await fetch(`${ctx.baseUrl}/api/v1/mcp/tools/call`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${org.token}` },
    body: JSON.stringify(QUERY),
  });
  const body = (await res.json().catch(() => null)) as {
    result?: { is_error: boolean; structured: { result?: unknown } | null };
  } | null;
  if (res.status === 429) return "rate_limited";
  const result = body?.result;
  return res.ok && result && !result.is_error && result.structured?.result === QUERY_RESULT ? "ok" : "failed";
}

function builtinCase(ctx: BenchContext, connections: number): BenchCase {
  return {
    name: "POST /mcp/tools/call builtin/json_query",
    scenario: async () => {
      const orgs = await Promise.all(Array.from({ length: connections }, () => newBenchOrg(ctx, "tools")));
      // Warm-up in the same orgs (their budget includes it); one failure here means the bench is broken.
      for (const outcome of await Promise.all(orgs.map((org) => callJsonQuery(ctx, org)))) {
        if (outcome !== "ok") throw new Error(`builtin/json_query warm-up call: ${outcome}`);
      }
      await Promise.all(
        orgs.map(async (org) => {
          for (let i = 1; i < WARMUP_CALLS; i++) await callJsonQuery(ctx, org);
        }),
      );
      const samples: number[] = [];
      let rateLimited = 0;
      const perOrg = CALLS_PER_ORG - WARMUP_CALLS;
      const started = performance.now();
      await Promise.all(
        orgs.map(async (org) => {
          for (let i = 0; i < perOrg; i++) {
            const t0 = performance.now();
            const outcome = await callJsonQuery(ctx, org).catch((): CallOutcome => "failed");
            if (outcome === "ok") samples.push(performance.now() - t0);
            else if (outcome === "rate_limited") rateLimited++;
          }
        }),
      );
      const elapsed = performance.now() - started;
      const refused = rateLimited > 0 ? `; ${rateLimited} refused by the rate limit` : "";
      return summary(
        samples,
        connections * perOrg,
        connections,
        elapsed,
        `${perOrg} sequential calls per conn, a fresh org each (built-in limit 100/min per org)${refused}`,
      );
    },
  };
}

interface RunEvent {
  event_type: string;
  timestamp: string;
  seq: number;
}

const TERMINAL = new Set(["execution.completed", "execution.failed", "execution.canceled"]);

/** Polls the run's events until a terminal one; returns it. */
async function terminalEvent(ctx: BenchContext, org: Org, runId: string): Promise<RunEvent> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let after = 0;
  for (;;) {
    const page = await api<{ items: RunEvent[]; next_after_seq: number }>(
      ctx,
      org,
      `/api/v1/runs/${runId}/events?after_seq=${after}&limit=1000`,
    );
    const done = page.items.find((e) => TERMINAL.has(e.event_type));
    if (done) return done;
    after = page.next_after_seq;
    if (Date.now() > deadline) throw new Error(`run ${runId}: not finished within ${RUN_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function mcpWorkflowCase(ctx: BenchContext): BenchCase {
  return {
    name: "run with one mcp_tool step: start → completed",
    scenario: async () => {
      const mcp = await startMcpServer();
      try {
        const org = await newBenchOrg(ctx, "tools");
        await api(ctx, org, "/api/v1/mcp/user-servers", {
          label: "bench",
          url: mcp.url,
          auth_type: "none",
          allowed_tools: ["add"],
          rate_limit_per_min: 10_000,
        });
        const graph = {
          nodes: [
            { id: "add", type: "mcp_tool", config: { server_label: "bench", tool: "add", arguments: { a: 2, b: 3 } } },
          ],
          edges: [],
        };
        const wf = await api<{ id: string }>(ctx, org, "/api/v1/workflows", { name: "bench mcp_tool", graph });
        await api(ctx, org, `/api/v1/workflows/${wf.id}/versions`, {});
        const runOnce = async (): Promise<number> => {
          const t0 = Date.now();
          const { run_id } = await api<{ run_id: string }>(ctx, org, `/api/v1/workflows/${wf.id}/runs`, {});
          const done = await terminalEvent(ctx, org, run_id);
          if (done.event_type !== "execution.completed") throw new Error(`run ${run_id}: ${done.event_type}`);
          // The server's timestamp of the terminal event, so the polling interval doesn't count.
          return Date.parse(done.timestamp) - t0;
        };
        // Warm-up; a failure here means the setup is wrong, so it stops the bench with its reason.
        for (let i = 0; i < WORKFLOW_WARMUP_RUNS; i++) await runOnce();
        const samples: number[] = [];
        let firstError = "";
        const callsBefore = mcp.calls().length;
        const started = performance.now();
        for (let i = 0; i < WORKFLOW_RUNS; i++) {
          try {
            samples.push(await runOnce());
          } catch (err) {
            firstError ||= err instanceof Error ? err.message : String(err);
          }
        }
        const elapsed = performance.now() - started;
        const calls = mcp.calls().length - callsBefore;
        return summary(
          samples,
          WORKFLOW_RUNS,
          1,
          elapsed,
          `${WORKFLOW_RUNS} sequential runs; per s = runs; the loopback MCP server got ${calls} calls` +
            (firstError ? `; first error: ${firstError.slice(0, 80)}` : ""),
        );
      } finally {
        await mcp.close();
      }
    },
  };
}

export default function cases(ctx: BenchContext): BenchCase[] {
  return [builtinCase(ctx, 1), builtinCase(ctx, 10), mcpWorkflowCase(ctx)];
}
