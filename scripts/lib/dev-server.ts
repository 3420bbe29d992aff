/**
 * Starting a real local Fluxo: migrate the local D1, run `wrangler dev`, wait for health, stop by
 * PID. Used by `npm start`, the browser tests and the benchmarks, so all three run the same thing.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const WRANGLER = resolve(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** Offline: no metrics, no Cloudflare fetches at start-up (TOOLCHAIN.md). */
export const OFFLINE_ENV = {
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_LOG: "warn",
  CI: "true",
};

export interface ServerOptions {
  port: number;
  /** Folder for local D1/DO/queue state; defaults to wrangler's `.wrangler/state`. */
  persistTo?: string;
  /** Extra vars and secrets passed with `--var`. */
  vars?: Record<string, string>;
  /** Inherit stdio (npm start), capture it (tests: the caller must read it), or drop it. */
  stdio?: "inherit" | "pipe" | "ignore";
}

function persistArgs(persistTo?: string): string[] {
  return persistTo ? ["--persist-to", persistTo] : [];
}

/** Applies every migration in `migrations/` to the local D1 database. */
export function migrateLocal(persistTo?: string): void {
  const result = spawnSync(
    process.execPath,
    [WRANGLER, "d1", "migrations", "apply", "DB", "--local", ...persistArgs(persistTo)],
    {
      cwd: ROOT,
      env: { ...process.env, ...OFFLINE_ENV },
      encoding: "utf8",
    },
  );
  if (result.status !== 0) {
    throw new Error(`wrangler d1 migrations apply failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Starts `wrangler dev` on 127.0.0.1 in its own process group. */
export function startWrangler(options: ServerOptions): ChildProcess {
  const vars = Object.entries(options.vars ?? {}).flatMap(([key, value]) => ["--var", `${key}:${value}`]);
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(options.port),
      "--show-interactive-dev-session=false",
      ...persistArgs(options.persistTo),
      ...vars,
    ],
    { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV }, stdio: options.stdio ?? "pipe", detached: true },
  );
  return child;
}

/** Polls `/api/v1/health` until it answers 200, or throws after `timeoutMs`. */
export async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error("wrangler dev exited before it became healthy");
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not become healthy within ${timeoutMs} ms`);
}

/** Stops a server started by {@link startWrangler}: its whole process group, by PID. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * `wrangler dev` doesn't run Cron Triggers by itself ("Scheduled Workers are not automatically
 * triggered during local development"), so local servers get a ticker that fires the minute cron
 * (schedules, the delivery sweeper, the stuck-run reaper) like Cloudflare does. Returns a stop
 * function.
 */
export function startCronTicker(baseUrl: string, everyMs = 60_000): () => void {
  const tick = () => {
    fetch(`${baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`)
      .then((res) => res.arrayBuffer())
      .catch(() => {
        // the server may be restarting; the next tick tries again
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
