/**
 * `npm start`: migrate the local D1, seed the demo org, build the web app, and serve everything
 * with `wrangler dev` on 127.0.0.1:8787, offline. `npm run dev` adds the Vite dev server with hot
 * reload on 127.0.0.1:5173 (it proxies the API to 8787).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  migrateLocal,
  OFFLINE_ENV,
  ROOT,
  startCronTicker,
  startWrangler,
  stopServer,
  waitForHealth,
} from "./lib/dev-server.ts";
import { DEMO, seedLocal, seedTemplates } from "./lib/seed.ts";

const PORT = Number(process.env.PORT ?? 8787);
const dev = process.argv.includes("--dev");

/** Local secrets live in `.dev.vars` (git-ignored); create them once with random values. */
function ensureDevVars(): void {
  const file = resolve(ROOT, ".dev.vars");
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const lines: string[] = [];
  if (!/^JWT_SECRET=/m.test(existing)) lines.push(`JWT_SECRET=${randomBytes(32).toString("hex")}`);
  if (!/^ENCRYPTION_KEY=/m.test(existing)) lines.push(`ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`);
  if (lines.length)
    writeFileSync(file, `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${lines.join("\n")}\n`);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...OFFLINE_ENV } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

ensureDevVars();
console.log("› migrating the local database");
migrateLocal();
console.log("› seeding the demo organization");
seedLocal();
if (!dev) {
  console.log("› building the web app");
  run(process.execPath, [
    resolve(ROOT, "node_modules/vite/bin/vite.js"),
    "build",
    "--config",
    "web/vite.config.ts",
    "--logLevel",
    "warn",
  ]);
}

const vars: Record<string, string> = {};
if (process.env.ALLOW_LOOPBACK_TARGETS) vars.ALLOW_LOOPBACK_TARGETS = process.env.ALLOW_LOOPBACK_TARGETS;
const server = startWrangler({ port: PORT, vars, stdio: "inherit" });
const children = [server];
if (dev) {
  children.push(
    spawn(process.execPath, [resolve(ROOT, "node_modules/vite/bin/vite.js"), "--config", "web/vite.config.ts"], {
      cwd: ROOT,
      stdio: "inherit",
      detached: true,
    }),
  );
}
// Templates go through the real API once the server answers (validated and published like any workflow).
waitForHealth(`http://127.0.0.1:${PORT}`, server)
  .then(() => {
    startCronTicker(`http://127.0.0.1:${PORT}`);
    return seedTemplates(`http://127.0.0.1:${PORT}`);
  })
  .catch((err: unknown) => console.error(`› seeding templates failed: ${(err as Error).message}`));
console.log(`\n  Fluxo: http://127.0.0.1:${dev ? 5173 : PORT}   API docs: http://127.0.0.1:${PORT}/api/docs`);
console.log(`  Demo login: ${DEMO.owner.email} / ${DEMO.password}\n`);

let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((child) => stopServer(child)));
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
server.on("exit", (code) => void stopAll(code ?? 0));
