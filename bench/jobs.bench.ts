/**
 * Runbook jobs: `cloudflare_dns_bulk` in dry-run mode against the fake Cloudflare API (loopback), one
 * job at a time: execute → job completed, and execute → `output.json` downloadable.
 */
import { resolve } from "node:path";
import { runnerImport } from "vite";
import { ROOT } from "../scripts/lib/dev-server.ts";
import type * as CloudflareFake from "../worker/test/fakes/cloudflare.ts";
import {
  benchApi as api,
  type BenchCase,
  type BenchContext,
  type BenchResult,
  newBenchOrg,
  type BenchOrg as Org,
  percentileOf,
} from "./lib.ts";

const JOBS = 20;
const WARMUP_JOBS = 2;
const JOB_TIMEOUT_MS = 30_000;
const POLL_MS = 20;
const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

/** The zone before the jobs: 20 records, of which the changes below update 5 and delete 5. */
const EXISTING = Array.from({ length: 20 }, (_, i) => ({ type: "A", name: `host${i}`, content: `192.0.2.${i + 1}` }));
const CHANGES = [
  ...Array.from({ length: 10 }, (_, i) => ({ action: "create", type: "A", name: `new${i}`, content: "198.51.100.1" })),
  ...Array.from({ length: 5 }, (_, i) => ({ action: "update", type: "A", name: `host${i}`, content: "203.0.113.9" })),
  ...Array.from({ length: 5 }, (_, i) => ({ action: "delete", type: "A", name: `host${i + 5}` })),
];

/**
 * The fake Cloudflare API. Loaded through Vite's module runner because `node bench/run.ts` only strips
 * types, and the fakes use TypeScript-only syntax (parameter properties) and extensionless imports.
 */
async function startCloudflare() {
  const { module } = await runnerImport<typeof CloudflareFake>(resolve(ROOT, "worker/test/fakes/cloudflare.ts"), {
    configFile: false,
    root: ROOT,
    logLevel: "error",
  });
  return { fake: await module.startFakeCloudflare(), token: module.FAKE_CLOUDFLARE_TOKEN };
}

interface JobView {
  status: string;
  completed_at: string | null;
  error: { code: string; message: string } | null;
}

const TERMINAL = new Set(["completed", "failed", "canceled"]);

/** One timed job: ms from the execute call to completed, and to the first 200 for `output.json`. */
interface JobTiming {
  completedMs: number;
  downloadableMs: number;
}

async function timedJob(ctx: BenchContext, org: Org, body: unknown): Promise<JobTiming> {
  const t0 = Date.now();
  const { job_id } = await api<{ job_id: string }>(ctx, org, "/api/v1/runbooks/cloudflare_dns_bulk/execute", body);
  const deadline = t0 + JOB_TIMEOUT_MS;
  let job = await api<JobView>(ctx, org, `/api/v1/jobs/${job_id}`);
  while (!TERMINAL.has(job.status)) {
    if (Date.now() > deadline) throw new Error(`job ${job_id} still ${job.status} after ${JOB_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    job = await api<JobView>(ctx, org, `/api/v1/jobs/${job_id}`);
  }
  if (job.status !== "completed") throw new Error(`job ${job_id} ${job.status}: ${job.error?.message ?? ""}`);
  // The server's completion time when the index row has it (polling granularity doesn't count).
  const completedMs = (job.completed_at ? Date.parse(job.completed_at) : Date.now()) - t0;
  for (;;) {
    const res = await fetch(`${ctx.baseUrl}/api/v1/jobs/${job_id}/artifacts/output.json`, {
      headers: { authorization: `Bearer ${org.token}` },
    });
    const text = await res.text();
    if (res.ok) {
      const downloadableMs = Date.now() - t0;
      const report = Object.values(JSON.parse(text) as Record<string, { dry_run?: boolean; applied?: boolean }>)[0];
      if (report?.dry_run !== true || report.applied !== false) throw new Error(`job ${job_id}: not a dry run`);
      return { completedMs, downloadableMs };
    }
    if (Date.now() > deadline) throw new Error(`job ${job_id}: no output.json (${res.status} ${text.slice(0, 200)})`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function row(samples: number[], elapsedMs: number, note: string): Omit<BenchResult, "name"> {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    connections: 1,
    requests: sorted.length,
    errors: JOBS - sorted.length,
    perSecond: sorted.length / (elapsedMs / 1000),
    p50: percentileOf(sorted, 50),
    p99: percentileOf(sorted, 99),
    note,
  };
}

export default function cases(ctx: BenchContext): BenchCase[] {
  const NAME = "cloudflare_dns_bulk dry run (20 changes)";
  let measured: { timings: JobTiming[]; elapsedMs: number; note: string } | undefined;
  const completedCase: BenchCase = {
    name: `${NAME}: execute → job completed`,
    scenario: async () => {
      const { fake, token } = await startCloudflare();
      try {
        const org = await newBenchOrg(ctx, "jobs");
        const connection = await api<{ id: string }>(ctx, org, "/api/v1/connections", {
          name: "Fake Cloudflare",
          base_url: fake.url, // runbooks only take connections pinned to a base URL
          credentials: { type: "bearer", token },
        });
        const world = `bench-${Date.now().toString(36)}`;
        const seeded = await fetch(`${fake.url}/t/${world}/__seed`, {
          method: "POST",
          body: JSON.stringify({ zones: [{ id: ZONE, name: "example.com", records: EXISTING }] }),
        });
        if (!seeded.ok) throw new Error(`seeding the fake: ${seeded.status}`);
        const body = {
          inputs: { zone_id: ZONE, records: CHANGES, api_base: `${fake.url}/t/${world}/client/v4` },
          connections: { cloudflare: connection.id },
          dry_run: true,
        };
        // Warm-up; a failure here means the setup is wrong, so it stops the bench with its reason.
        for (let i = 0; i < WARMUP_JOBS; i++) await timedJob(ctx, org, body);
        const timings: JobTiming[] = [];
        let firstError = "";
        const started = performance.now();
        for (let i = 0; i < JOBS; i++) {
          try {
            timings.push(await timedJob(ctx, org, body));
          } catch (err) {
            firstError ||= err instanceof Error ? err.message : String(err);
          }
        }
        const elapsedMs = performance.now() - started;
        const records = fake.state(world).zones[ZONE]?.records.length;
        const unchanged = records === EXISTING.length ? "zone unchanged" : `zone now has ${records} records!`;
        const note = `${JOBS} sequential jobs; per s = jobs; ${unchanged}${firstError ? `; first error: ${firstError.slice(0, 80)}` : ""}`;
        measured = { timings, elapsedMs, note };
        return row(
          timings.map((t) => t.completedMs),
          elapsedMs,
          note,
        );
      } finally {
        await fake.close();
      }
    },
  };
  const downloadableCase: BenchCase = {
    name: `${NAME}: execute → output.json downloadable`,
    scenario: async () => {
      if (!measured) throw new Error("the completed phase did not run");
      return row(
        measured.timings.map((t) => t.downloadableMs),
        measured.elapsedMs,
        `same jobs; first 200 for output.json, polled every ${POLL_MS} ms after completion`,
      );
    },
  };
  return [completedCase, downloadableCase];
}
