/**
 * `npm run bench [filter]`: starts a real local Fluxo (fresh state, migrated and seeded), runs every
 * `bench/*.bench.ts` (or those whose file name contains the filter), and prints one table where
 * each row is compared with the hello-world baseline at the same connection count.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, migrateLocal, ROOT, startWrangler, stopServer, waitForHealth } from "../scripts/lib/dev-server.ts";
import { DEMO, seedLocal } from "../scripts/lib/seed.ts";
import { BASELINE } from "./http.bench.ts";
import { type BenchCase, type BenchContext, type BenchResult, measure, printTable } from "./lib.ts";

const filter = process.argv[2] ?? "";
const persistTo = mkdtempSync(join(tmpdir(), "fluxo-bench-"));
migrateLocal(persistTo);
seedLocal(persistTo);
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const server = startWrangler({
  port,
  persistTo,
  stdio: "ignore",
  vars: {
    JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789",
    ENCRYPTION_KEY: "YmVuY2gtZW5jcnlwdGlvbi1rZXktMzItYnl0ZXMhISE=",
    ALLOW_LOOPBACK_TARGETS: "true",
  },
});

let token: string | undefined;
const ctx: BenchContext = {
  baseUrl,
  persistTo,
  async authHeaders() {
    if (!token) {
      const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: DEMO.owner.email, password: DEMO.password }),
      });
      if (!res.ok) throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
      token = ((await res.json()) as { access_token: string }).access_token;
    }
    return { authorization: `Bearer ${token}` };
  },
};

try {
  await waitForHealth(baseUrl, server);
  // The baseline file always runs first; the others follow in name order.
  const others = readdirSync(resolve(ROOT, "bench"))
    .filter((f) => f.endsWith(".bench.ts") && f !== "http.bench.ts" && f.includes(filter))
    .sort();
  const results: BenchResult[] = [];
  for (const file of ["http.bench.ts", ...others]) {
    const mod = (await import(resolve(ROOT, "bench", file))) as {
      default: (ctx: BenchContext) => Promise<BenchCase[]> | BenchCase[];
    };
    for (const bench of await mod.default(ctx)) {
      if ("scenario" in bench) {
        results.push({ name: bench.name, ...(await bench.scenario()) });
        continue;
      }
      // warm-up, not recorded
      await measure({ ...bench, durationMs: Math.min(1_000, bench.durationMs) });
      results.push(await measure(bench));
    }
  }
  for (const result of results) {
    const base = results.find((r) => r.name === BASELINE && r.connections === result.connections);
    // Scenarios that report no latency (e.g. a 1,000-step run) aren't request rates: no ratio.
    if (base && result.name !== BASELINE && Number.isFinite(result.p50))
      result.relative = result.perSecond / base.perSecond;
  }
  console.log(`\nFluxo benchmarks (wrangler dev on ${baseUrl}, ${new Date().toISOString()})\n`);
  printTable(results);
} finally {
  await stopServer(server);
  rmSync(persistTo, { recursive: true, force: true });
}
