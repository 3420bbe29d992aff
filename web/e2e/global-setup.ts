/**
 * Browser tests run against a real `wrangler dev` (real D1, Durable Objects, queues) with a fresh
 * state folder, migrated and seeded, on a free port. It is stopped by PID afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import {
  freePort,
  migrateLocal,
  startCronTicker,
  startWrangler,
  stopServer,
  waitForHealth,
} from "../../scripts/lib/dev-server.ts";
import { seedLocal, seedTemplates } from "../../scripts/lib/seed.ts";
import { E2E_SECRETS } from "./secrets.ts";

declare module "vitest" {
  interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), "fluxo-e2e-"));
  migrateLocal(persistTo);
  seedLocal(persistTo);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let stopTicker = () => {};
  const server = startWrangler({ port, persistTo, vars: E2E_SECRETS });
  let output = "";
  server.stdout?.on("data", (chunk) => {
    output = (output + chunk).slice(-8000);
  });
  server.stderr?.on("data", (chunk) => {
    output = (output + chunk).slice(-8000);
  });
  try {
    await waitForHealth(baseUrl, server);
    await seedTemplates(baseUrl);
    stopTicker = startCronTicker(baseUrl);
  } catch (err) {
    await stopServer(server);
    throw new Error(`${(err as Error).message}\n--- wrangler output ---\n${output.slice(-4000)}`);
  }
  project.provide("baseUrl", baseUrl);
  return async () => {
    stopTicker();
    await stopServer(server);
    rmSync(persistTo, { recursive: true, force: true });
  };
}
