/**
 * Triggers: webhook → 5-step run throughput at 1 and 10 connections (calls accepted per second, and
 * runs completed per second), and how long the minute cron takes to claim 10,000 due schedules
 * (seeded straight into the bench server's local D1, then fired through `/cdn-cgi/handler/scheduled`).
 * `BENCH_ONLY_CRON=1 npm run bench triggers` runs the cron case alone.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { OFFLINE_ENV, ROOT } from "../scripts/lib/dev-server.ts";
import {
  benchApi as api,
  type BenchCase,
  type BenchContext,
  type BenchResult,
  newBenchOrg,
  type BenchOrg as Org,
  percentileOf,
} from "./lib.ts";

const WRANGLER = resolve(ROOT, "node_modules/wrangler/bin/wrangler.js");
const NAN = Number.NaN;
const LOAD_MS = 5_000;
const SCHEDULES = 10_000;

const FIVE_STEPS = {
  nodes: Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, type: "noop", config: {} })),
  edges: Array.from({ length: 4 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
};

/** The runs a load phase started, for the completion phase that follows it. */
interface Accepted {
  org: Org;
  workflowId: string;
  runIds: Set<string>;
  startedAt: number;
}

/** Counts the workflow's completed runs and the latest completion time, through the runs list. */
async function completedRuns(ctx: BenchContext, accepted: Accepted): Promise<{ count: number; lastAt: number }> {
  let cursor: string | null = null;
  let count = 0;
  let lastAt = 0;
  do {
    const query = `workflow_id=${accepted.workflowId}&status=completed&limit=100${cursor ? `&cursor=${cursor}` : ""}`;
    const page: { items: { id: string; completed_at: string | null }[]; next_cursor: string | null } = await api(
      ctx,
      accepted.org,
      `/api/v1/runs?${query}`,
    );
    for (const run of page.items) {
      if (!accepted.runIds.has(run.id)) continue;
      count++;
      lastAt = Math.max(lastAt, Date.parse(run.completed_at ?? ""));
    }
    cursor = page.next_cursor;
  } while (cursor);
  return { count, lastAt };
}

/** Sends on `connections` loops for LOAD_MS; `send` resolves the started run's id, or null on failure. */
async function load(connections: number, send: (lane: number, i: number) => Promise<string | null>) {
  const runIds = new Set<string>();
  const latencies: number[] = [];
  let errors = 0;
  const startedAt = Date.now();
  const deadline = performance.now() + LOAD_MS;
  await Promise.all(
    Array.from({ length: connections }, async (_, lane) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        const runId = await send(lane, i).catch(() => null);
        if (runId) {
          latencies.push(performance.now() - t0);
          runIds.add(runId);
        } else errors++;
      }
    }),
  );
  const elapsed = (Date.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    connections,
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: percentileOf(latencies, 50),
    p99: percentileOf(latencies, 99),
  };
  return { result, runIds, startedAt };
}

/** A `send` for {@link load}: POST `url` and read `run_id` from a response with `status`. */
function poster(url: string, headers: Record<string, string>, status: number) {
  return async (lane: number, i: number): Promise<string | null> => {
    const res = await fetch(url, { method: "POST", headers, body: JSON.stringify({ lane, i }) });
    const body = (await res.json().catch(() => null)) as { run_id?: string } | null;
    return res.status === status ? (body?.run_id ?? null) : null;
  };
}

function webhookCases(ctx: BenchContext, connections: number): BenchCase[] {
  let accepted: Accepted | undefined;
  let workflow: { org: Org; id: string } | undefined;
  const acceptedCase: BenchCase = {
    name: "webhook → 5-step run: accepted",
    scenario: async (): Promise<Omit<BenchResult, "name">> => {
      const org = await newBenchOrg(ctx, "hooks");
      const wf = await api<{ id: string }>(ctx, org, "/api/v1/workflows", { name: "bench hooks", graph: FIVE_STEPS });
      await api(ctx, org, `/api/v1/workflows/${wf.id}/versions`, {});
      workflow = { org, id: wf.id };
      const trigger = await api<{ id: string; secret: string }>(ctx, org, `/api/v1/workflows/${wf.id}/triggers`, {
        rate_limit_per_minute: 100_000,
      });
      const headers = { "content-type": "application/json", "x-fluxo-secret": trigger.secret };
      const run = await load(connections, poster(`${ctx.baseUrl}/hooks/${trigger.id}`, headers, 202));
      accepted = { org, workflowId: wf.id, runIds: run.runIds, startedAt: run.startedAt };
      return { ...run.result, note: "per s = webhook calls answered 202" };
    },
  };
  const completedCase: BenchCase = {
    name: "webhook → 5-step run: completed",
    scenario: async (): Promise<Omit<BenchResult, "name">> => {
      if (!accepted) throw new Error("the accepted phase did not run");
      const total = accepted.runIds.size;
      const deadline = Date.now() + 300_000;
      let done = await completedRuns(ctx, accepted);
      while (done.count < total && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        done = await completedRuns(ctx, accepted);
      }
      const seconds = (done.lastAt - accepted.startedAt) / 1000;
      return {
        connections,
        requests: done.count,
        errors: total - done.count,
        perSecond: done.count / seconds,
        p50: NAN,
        p99: NAN,
        note: `per s = runs completed (${done.count}/${total} in ${seconds.toFixed(1)} s from the first call)`,
      };
    },
  };
  // The same start through the authenticated API, to show what the webhook path itself adds.
  const referenceCase: BenchCase = {
    name: "API POST /workflows/:id/runs (reference)",
    scenario: async (): Promise<Omit<BenchResult, "name">> => {
      if (!workflow) throw new Error("the accepted phase did not run");
      const headers = { "content-type": "application/json", authorization: `Bearer ${workflow.org.token}` };
      const run = await load(connections, poster(`${ctx.baseUrl}/api/v1/workflows/${workflow.id}/runs`, headers, 201));
      return { ...run.result, note: "per s = runs started through the API" };
    },
  };
  return [acceptedCase, completedCase, referenceCase];
}

/** Runs `wrangler d1 execute DB --local` against the bench server's state; returns parsed `--json` rows. */
function d1(ctx: BenchContext, args: string[]): unknown {
  const result = spawnSync(
    process.execPath,
    [WRANGLER, "d1", "execute", "DB", "--local", "--persist-to", ctx.persistTo, "--json", ...args],
    // `--json` output is printed at the "log" level, which OFFLINE_ENV's WRANGLER_LOG=warn would hide.
    { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV, WRANGLER_LOG: "log" }, encoding: "utf8", maxBuffer: 64 << 20 },
  );
  try {
    if (result.status === 0) return JSON.parse(result.stdout);
  } catch {
    // reported below with what wrangler printed
  }
  throw new Error(`wrangler d1 execute ${args[0]} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** Schedules of the seed already moved past `due`; null when D1 was busy (the server writes at the same time). */
function claimedCount(ctx: BenchContext, due: number): number | null {
  try {
    const out = d1(ctx, [
      "--command",
      `SELECT COUNT(*) AS n FROM schedules WHERE id LIKE 'sch_bench_%' AND next_run_at > ${due}`,
    ]) as { results: { n: number }[] }[];
    return out[0]?.results[0]?.n ?? 0;
  } catch {
    return null;
  }
}

/**
 * 10,000 published workflows, each with an hourly schedule due at the current minute: 240 distinct
 * (expression, zone) pairs (minute 0–59 in four zones), since real schedules cluster on a few
 * expressions and the cron plans each pair once per tick.
 */
function seedSql(org: Org, due: number): string {
  const graph = JSON.stringify({ nodes: [{ id: "a", type: "noop", config: {} }], edges: [] }).replaceAll("'", "''");
  const now = Date.now();
  const n = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${SCHEDULES})`;
  return [
    `${n} INSERT INTO workflows (id, org_id, name, draft_graph, latest_version, created_by, created_at, updated_at)
     SELECT 'wf_bench_' || i, '${org.orgId}', 'cron bench ' || i, '${graph}', 1, '${org.userId}', ${now}, ${now} FROM n;`,
    `${n} INSERT INTO workflow_versions (workflow_id, version, org_id, name, graph, published_by, published_at)
     SELECT 'wf_bench_' || i, 1, '${org.orgId}', 'cron bench ' || i, '${graph}', '${org.userId}', ${now} FROM n;`,
    `${n} INSERT INTO schedules (id, org_id, workflow_id, cron, timezone, enabled, missed_run_policy, next_run_at, created_by, created_at, updated_at)
     SELECT 'sch_bench_' || i, '${org.orgId}', 'wf_bench_' || i, (i % 60) || ' * * * *',
       CASE (i / 60) % 4 WHEN 0 THEN 'UTC' WHEN 1 THEN 'Europe/Berlin' WHEN 2 THEN 'America/Sao_Paulo' ELSE 'Asia/Tokyo' END,
       1, 'run_once', ${due}, '${org.userId}', ${now}, ${now} FROM n;`,
  ].join("\n");
}

function cronClaimCase(ctx: BenchContext): BenchCase {
  return {
    name: `cron claims ${SCHEDULES.toLocaleString("en")} due schedules`,
    scenario: async (): Promise<Omit<BenchResult, "name">> => {
      const org = await newBenchOrg(ctx, "hooks");
      const due = Math.floor(Date.now() / 60_000) * 60_000;
      const file = join(ctx.persistTo, "bench-schedules.sql");
      writeFileSync(file, seedSql(org, due));
      try {
        d1(ctx, ["--file", file, "--yes"]);
      } finally {
        rmSync(file, { force: true });
      }
      const t0 = performance.now();
      const res = await fetch(`${ctx.baseUrl}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`);
      await res.arrayBuffer();
      const handlerMs = performance.now() - t0;
      // The handler answers when its jobs are done; confirm through D1 that every schedule moved on.
      let claimed = claimedCount(ctx, due) ?? 0;
      const deadline = Date.now() + 120_000;
      while (claimed < SCHEDULES && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        claimed = claimedCount(ctx, due) ?? claimed;
      }
      const totalMs = performance.now() - t0;
      return {
        connections: 1,
        requests: claimed,
        errors: SCHEDULES - claimed,
        perSecond: (claimed / handlerMs) * 1000,
        p50: NAN,
        p99: NAN,
        note:
          `cron handler ${(handlerMs / 1000).toFixed(2)} s (status ${res.status}); all ${claimed} claimed seen in D1 ` +
          `after ${(totalMs / 1000).toFixed(1)} s; per s = schedules claimed`,
      };
    },
  };
}

export default function cases(ctx: BenchContext): BenchCase[] {
  // The cron case runs last: the 10,000 runs its queue then starts would load the webhook cases.
  if (process.env.BENCH_ONLY_CRON) return [cronClaimCase(ctx)];
  return [...webhookCases(ctx, 1), ...webhookCases(ctx, 10), cronClaimCase(ctx)];
}
