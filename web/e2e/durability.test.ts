/**
 * Restart durability through real `wrangler dev`: a run waiting on a delay timer survives the
 * server being stopped and started again on the same local state (the alarm is persisted).
 * This file runs its own server so stopping it doesn't disturb the shared one.
 */

import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, migrateLocal, startWrangler, stopServer, waitForHealth } from "../../scripts/lib/dev-server.ts";
import { DEMO, seedLocal } from "../../scripts/lib/seed.ts";
import { E2E_SECRETS } from "./secrets.ts";

const persistTo = mkdtempSync(join(tmpdir(), "fluxo-durability-"));
let server: ChildProcess | undefined;

async function boot(): Promise<string> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  server = startWrangler({ port, persistTo, vars: E2E_SECRETS, stdio: "ignore" });
  await waitForHealth(baseUrl, server);
  return baseUrl;
}

async function api(baseUrl: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

afterAll(async () => {
  if (server) await stopServer(server);
  rmSync(persistTo, { recursive: true, force: true });
});

describe("restart durability", () => {
  it("a delay survives a wrangler dev restart and the run completes", { timeout: 120_000 }, async () => {
    migrateLocal(persistTo);
    seedLocal(persistTo);
    let baseUrl = await boot();
    const login = async () =>
      (await api(baseUrl, "/api/v1/auth/login", null, { email: DEMO.owner.email, password: DEMO.password }))
        .access_token as string;
    let token = await login();
    const wf = await api(baseUrl, "/api/v1/workflows", token, {
      name: "Delay across restart",
      graph: {
        nodes: [
          { id: "before", type: "noop", config: {} },
          { id: "pause", type: "delay", config: { duration_ms: 4_000 } },
          { id: "after", type: "set", config: { values: { done: true } } },
        ],
        edges: [
          { from: "before", to: "pause" },
          { from: "pause", to: "after" },
        ],
      },
    });
    await api(baseUrl, `/api/v1/workflows/${wf.id}/versions`, token, {});
    const { run_id } = await api(baseUrl, `/api/v1/workflows/${wf.id}/runs`, token, {});

    let run = await api(baseUrl, `/api/v1/runs/${run_id}`, token);
    const waitUntil = Date.now() + 10_000;
    while (!(run.status === "waiting" && run.wait_reason === "timer")) {
      if (Date.now() > waitUntil) throw new Error(`never waited on the timer: ${run.status}`);
      await new Promise((r) => setTimeout(r, 200));
      run = await api(baseUrl, `/api/v1/runs/${run_id}`, token);
    }

    // Stop the server while the timer is pending, and start it again on the same state.
    if (server) await stopServer(server);
    baseUrl = await boot();
    token = await login();

    const doneBy = Date.now() + 30_000;
    while (run.status !== "completed") {
      if (Date.now() > doneBy) throw new Error(`run did not complete after restart: ${run.status}`);
      await new Promise((r) => setTimeout(r, 300));
      run = await api(baseUrl, `/api/v1/runs/${run_id}`, token);
    }
    const steps = (await api(baseUrl, `/api/v1/runs/${run_id}/steps`, token)).items as any[];
    expect(steps.map((s) => [s.node_id, s.status, s.attempts])).toEqual([
      ["before", "succeeded", 1],
      ["pause", "succeeded", 1],
      ["after", "succeeded", 1],
    ]);
    expect(run.output).toEqual({ after: { done: true } });
  });
});
