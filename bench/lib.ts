/** Load generation and the result table for `npm run bench`. Loopback only, bounded in time. */

export interface BenchContext {
  baseUrl: string;
  /** Headers with a valid access token for the demo owner (when a benchmark needs one). */
  authHeaders: () => Promise<Record<string, string>>;
  /** The bench server's state folder (`--persist-to`), for seeding D1 with `wrangler d1 execute --local`. */
  persistTo: string;
}

export interface BenchResult {
  name: string;
  connections: number;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Relative to the hello-world baseline of the same run (1.00 = as fast). */
  relative?: number;
  note?: string;
}

/** A load benchmark: `run` is called in a loop on `connections` concurrent loops for `durationMs`. */
export interface LoadCase {
  name: string;
  connections: number;
  durationMs: number;
  /** One unit of work; resolve true on success. */
  run: () => Promise<boolean>;
}

/**
 * A scenario benchmark that measures itself (e.g. a 1,000-step run) and reports its own figures;
 * `perSecond`, `p50` and `p99` may be left NaN when they don't apply, and `note` carries the result.
 */
export interface ScenarioCase {
  name: string;
  scenario: () => Promise<Omit<BenchResult, "name">>;
}

export type BenchCase = LoadCase | ScenarioCase;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs `bench.run` on `connections` loops for `durationMs` and reports throughput and latency. */
export async function measure(bench: LoadCase): Promise<BenchResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + bench.durationMs;
  await Promise.all(
    Array.from({ length: bench.connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const ok = await bench.run().catch(() => false);
        if (ok) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name: bench.name,
    connections: bench.connections,
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** A GET that succeeds on 2xx; the body is read so connections are reused. */
export function getOk(url: string, headers: Record<string, string> = {}): () => Promise<boolean> {
  return async () => {
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    return res.ok;
  };
}

/** Percentile of already sorted samples. */
export function percentileOf(sorted: number[], p: number): number {
  return percentile(sorted, p);
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

/** Prints the results as a fixed-width table. */
export function printTable(results: BenchResult[]): void {
  const rows = [
    ["benchmark", "conns", "ok", "errors", "per s", "p50 ms", "p99 ms", "vs hello", "note"],
    ...results.map((r) => [
      r.name,
      String(r.connections),
      String(r.requests),
      String(r.errors),
      fmt(r.perSecond),
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      r.relative === undefined ? "" : `${fmt(r.relative, 2)}x`,
      r.note ?? "",
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  "));
    if (index === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

/** A fresh organization on the bench server: its owner's access token and ids. */
export interface BenchOrg {
  token: string;
  orgId: string;
  userId: string;
}

/** Calls the bench server's API as `org` (or anonymously) and answers the JSON body; throws on a non-2xx. */
export async function benchApi<T>(
  ctx: BenchContext,
  org: { token: string } | null,
  path: string,
  body?: unknown,
  method?: string,
): Promise<T> {
  const res = await fetch(`${ctx.baseUrl}${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", ...(org ? { authorization: `Bearer ${org.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Registers a new account with its own org (so benches don't share limits or data), optionally raising its limits. */
export async function newBenchOrg(
  ctx: BenchContext,
  label: string,
  limits?: Record<string, number>,
): Promise<BenchOrg> {
  const email = `bench-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const reg = await benchApi<{ access_token: string; org: { id: string }; user: { id: string } }>(
    ctx,
    null,
    "/api/v1/auth/register",
    { email, password: "quiet-harbor-lantern-77", name: "Bench", org_name: `Bench ${label}` },
  );
  const org = { token: reg.access_token, orgId: reg.org.id, userId: reg.user.id };
  if (limits) await benchApi(ctx, org, "/api/v1/orgs/current", { settings: { limits } }, "PATCH");
  return org;
}
