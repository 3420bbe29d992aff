import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { registerOrg, type Session } from "./helpers";
import { getRun, publishWorkflow, startRun, terminal, waitForRun } from "./run-helpers";

let owner: Session;
beforeAll(async () => {
  owner = await registerOrg("reaper");
});

async function tick() {
  await (exports as any).default.scheduled({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} });
}

describe("stuck-run reaper", () => {
  it("wakes a run whose deadline passed, so its run timeout fails it with a clear reason", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [{ id: "wait", type: "delay", config: { duration_ms: 600_000 } }],
      edges: [],
      settings: { run_timeout_ms: 1_000 },
    });
    const runId = await startRun(owner, wf);
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    // Pretend the object went quiet: its alarm is gone, and the index says the deadline is past.
    await env.RUNS.get(env.RUNS.idFromName(runId)).status();
    await new Promise((r) => setTimeout(r, 1_100));
    await env.DB.prepare("UPDATE runs SET updated_at = 0 WHERE id = ?").bind(runId).run();
    await tick();
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("failed");
    expect(run.last_error_human).toMatch(/run/i);
  });

  it("fails a run whose object was never created, instead of leaving it queued forever", async () => {
    await env.DB.prepare(
      "INSERT INTO runs (id, org_id, workflow_id, version, status, trigger_type, created_by, correlation_id, created_at, updated_at) VALUES ('run_orphan', ?, 'wf_x', 1, 'queued', 'manual', 'u', 'cor_x', 0, 0)",
    )
      .bind(owner.orgId)
      .run();
    await tick();
    const row = await env.DB.prepare("SELECT status, error_human FROM runs WHERE id = 'run_orphan'").first<{
      status: string;
      error_human: string;
    }>();
    expect(row?.status).toBe("failed");
    expect(row?.error_human).toMatch(/could not be started/);
    // Its details answer a clear 404, not a 500.
    const detail = await getRun(owner, "run_orphan");
    expect(detail.error.code).toBe("not_found");
    expect(detail.error.message).toMatch(/never created/);
  });
});
