/**
 * Self-hosted runners against the real Worker: registration and tokens, and the protocol a runner speaks
 * (simulated with SELF.fetch): claim, lease, heartbeat, logs, completion, lease expiry, cancel, labels.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";
import { getSteps, publishWorkflow, startRun, terminal, waitForRun } from "./run-helpers";

let owner: Session;
let viewer: Session;
let labelCounter = 0;
/** A label no other test's runner offers, so tests never take each other's tasks. */
const uniqueLabel = () => `t${Date.now().toString(36)}${++labelCounter}`;

beforeAll(async () => {
  owner = await registerOrg("runners");
  viewer = await addMember(owner, "viewer");
});

async function registerRunner(session: Session, labels: string[], name = "box") {
  const res = await call("/api/v1/runners", { token: session.token, body: { name, labels } });
  expect(res.status).toBe(201);
  return jsonOf<{ runner: { id: string }; token: string }>(res);
}

/** A protocol call with a runner token. */
function runnerCall(token: string, path: string, body?: unknown) {
  return call(`/api/v1/runner${path}`, { method: "POST", token, body: body ?? {} });
}

async function claim(token: string, labels: string[], waitMs = 5_000) {
  const res = await runnerCall(token, "/claim", { labels, version: "test", wait_ms: waitMs });
  if (res.status === 204) return null;
  expect(res.status).toBe(200);
  return (await jsonOf(res)).task;
}

async function startRunnerJob(label: string, config: Record<string, unknown> = {}) {
  const wf = await publishWorkflow(owner, {
    nodes: [
      {
        id: "shell",
        name: "Shell",
        type: "runner",
        config: { command: "echo {{ input.name }}", labels: [label], ...config },
      },
    ],
    edges: [],
  });
  const runId = await startRun(owner, wf, { input: { name: "Ada" } });
  await waitForRun(owner, runId, (r) => r.status === "waiting");
  return runId;
}

describe("runner registration", () => {
  it("shows the token once, lists the runner without it, and keeps viewers out", async () => {
    const created = await registerRunner(owner, ["ansible", "linux"], "build box");
    expect(created.token).toMatch(/^fxr_/);
    const list = await jsonOf(await call("/api/v1/runners", { token: owner.token }));
    const listed = list.items.find((r: any) => r.id === created.runner.id);
    expect(listed).toMatchObject({ name: "build box", labels: ["ansible", "linux"], status: "never_seen" });
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect((await call("/api/v1/runners", { token: viewer.token, body: { name: "x", labels: [] } })).status).toBe(403);
    expect((await call("/api/v1/runners", { token: viewer.token })).status).toBe(200);
  });

  it("refuses a revoked token at once, and user tokens on the protocol", async () => {
    const { runner, token } = await registerRunner(owner, []);
    expect((await runnerCall(token, "/claim", { labels: [], wait_ms: 0 })).status).toBe(204);
    expect((await call(`/api/v1/runners/${runner.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    const refused = await runnerCall(token, "/claim", { labels: [], wait_ms: 0 });
    expect(refused.status).toBe(401);
    expect((await jsonOf(refused)).error.code).toBe("invalid_token");
    expect((await runnerCall(owner.token, "/claim", { labels: [], wait_ms: 0 })).status).toBe(401);
    expect((await call("/api/v1/runner/claim", { body: { labels: [] } })).status).toBe(401);
  });
});

describe("runner protocol", () => {
  it("claims a matching task, streams logs, and completes the step with the exit code", async () => {
    const label = uniqueLabel();
    const { runner, token } = await registerRunner(owner, [label, "linux"]);
    const runId = await startRunnerJob(label, { env: { GREETING: "hi {{ input.name }}" } });

    const task = await claim(token, [label, "linux"]);
    expect(task).toMatchObject({ command: "echo Ada", env: { GREETING: "hi Ada" }, job_id: runId, node_id: "shell" });

    const beat = await runnerCall(token, `/tasks/${task.id}/heartbeat`);
    expect(await jsonOf(beat)).toMatchObject({ cancel: false });
    const logs = await runnerCall(token, `/tasks/${task.id}/logs`, {
      lines: [
        { stream: "stdout", line: "Ada", at: Date.now() },
        { stream: "stderr", line: "a warning", at: Date.now() },
      ],
    });
    expect(logs.status).toBe(200);

    const runners = await jsonOf(await call("/api/v1/runners", { token: owner.token }));
    expect(runners.items.find((r: any) => r.id === runner.id)).toMatchObject({
      status: "online",
      version: "test",
      current_task: { task_id: task.id, job_id: runId, node_id: "shell" },
    });

    const done = await runnerCall(token, `/tasks/${task.id}/complete`, {
      exit_code: 0,
      duration_ms: 12,
      stdout_tail: "Ada\n",
    });
    expect(done.status).toBe(200);
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    const steps = await getSteps(owner, runId);
    expect(steps[0].data_out).toMatchObject({ exit_code: 0, stdout_tail: "Ada\n" });

    const runLogs = await jsonOf(await call(`/api/v1/runs/${runId}/logs`, { token: owner.token }));
    const runnerLines = runLogs.items.filter((l: any) => l.domain === "runner");
    expect(runnerLines.map((l: any) => l.message_human)).toEqual(["Ada", "a warning"]);
    expect(runnerLines[1].level).toBe("warn");
    const events = await jsonOf(await call(`/api/v1/runs/${runId}/events`, { token: owner.token }));
    expect(events.items.some((e: any) => e.event_type === "log.appended" && e.data.message === "Ada")).toBe(true);
  });

  it("fails the step with a clear message when the command exits with code 3", async () => {
    const label = uniqueLabel();
    const { token } = await registerRunner(owner, [label]);
    const runId = await startRunnerJob(label, { command: "exit 3" });
    const task = await claim(token, [label]);
    const artifact = await call(`/api/v1/runner/tasks/${task.id}/artifacts/report.txt`, {
      method: "PUT",
      token,
      body: "partial report",
      headers: { "content-type": "text/plain" },
    });
    expect(artifact.status).toBe(200);
    expect(await jsonOf(artifact)).toMatchObject({ key: `artifacts/${runId}/files/report.txt`, size: 14 });
    expect(await (await env.ARTIFACTS.get(`artifacts/${runId}/files/report.txt`))?.text()).toBe("partial report");

    await runnerCall(token, `/tasks/${task.id}/complete`, { exit_code: 3, duration_ms: 5 });
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("failed");
    const [step] = await getSteps(owner, runId);
    expect(step.status).toBe("failed");
    expect(JSON.stringify(step)).toContain("exited with code 3");
  });

  it("hands a task whose lease expired to another runner, and the step completes once", async () => {
    const label = uniqueLabel();
    const first = await registerRunner(owner, [label], "dies");
    const second = await registerRunner(owner, [label], "survives");
    const runId = await startRunnerJob(label);
    const task = await claim(first.token, [label]);
    // Nothing else can take a task under a live lease.
    expect(await claim(second.token, [label], 0)).toBeNull();

    // The first runner is killed: its lease runs out (forced here rather than waiting RUNNER_LEASE_S).
    await env.DB.prepare("UPDATE runner_tasks SET lease_expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, task.id)
      .run();
    const again = await claim(second.token, [label]);
    expect(again.id).toBe(task.id);
    const row = await env.DB.prepare("SELECT claims, runner_id FROM runner_tasks WHERE id = ?").bind(task.id).first();
    expect(row).toMatchObject({ claims: 2, runner_id: second.runner.id });

    // The first runner (if it was only slow) is told it lost the task.
    const lost = await runnerCall(first.token, `/tasks/${task.id}/heartbeat`);
    expect(lost.status).toBe(409);
    expect((await jsonOf(lost)).error.code).toBe("lease_lost");
    expect((await runnerCall(first.token, `/tasks/${task.id}/complete`, { exit_code: 0, duration_ms: 1 })).status).toBe(
      409,
    );

    expect(
      (await runnerCall(second.token, `/tasks/${task.id}/complete`, { exit_code: 0, duration_ms: 3 })).status,
    ).toBe(200);
    // A repeated completion (a retry after a lost answer) changes nothing.
    expect(
      (await runnerCall(second.token, `/tasks/${task.id}/complete`, { exit_code: 0, duration_ms: 3 })).status,
    ).toBe(200);
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    const [step] = await getSteps(owner, runId);
    // One step attempt: the task moved between runners, the engine never retried the step.
    expect(step.attempts).toBe(1);
    expect(step.status).toBe("succeeded");
  });

  it("tells the runner to stop when the run is canceled", async () => {
    const label = uniqueLabel();
    const { token } = await registerRunner(owner, [label]);
    const runId = await startRunnerJob(label, { command: "sleep 600" });
    const task = await claim(token, [label]);
    expect((await call(`/api/v1/runs/${runId}/cancel`, { token: owner.token, body: {} })).status).toBe(200);
    await waitForRun(owner, runId, terminal);
    const deadline = Date.now() + 5_000;
    let answer = await jsonOf(await runnerCall(token, `/tasks/${task.id}/heartbeat`));
    while (!answer.cancel && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await jsonOf(await runnerCall(token, `/tasks/${task.id}/heartbeat`));
    }
    expect(answer.cancel).toBe(true);
  });

  it("resolves connection secrets into the env only at claim time, and never stores or logs them", async () => {
    const label = uniqueLabel();
    const secret = "runner-secret-token-0123456789";
    const conn = await jsonOf(
      await call("/api/v1/connections", {
        token: owner.token,
        body: { name: `deploy key ${label}`, credentials: { type: "bearer", token: secret } },
      }),
    );
    const { token } = await registerRunner(owner, [label]);
    const runId = await startRunnerJob(label, { connection_env: { API_TOKEN: conn.id } });
    const task = await claim(token, [label]);
    expect(task.env.API_TOKEN).toBe(secret);
    expect(task.secret_env).toEqual(["API_TOKEN"]);
    const row = await env.DB.prepare("SELECT * FROM runner_tasks WHERE id = ?").bind(task.id).first();
    expect(JSON.stringify(row)).not.toContain(secret);
    // A runner that doesn't mask (old, modified, or the command printed it): Fluxo masks the output itself.
    const echoed = await runnerCall(token, `/tasks/${task.id}/logs`, {
      lines: [{ stream: "stdout", line: `using ${secret} now` }],
    });
    expect(echoed.status).toBe(200);
    await runnerCall(token, `/tasks/${task.id}/complete`, {
      exit_code: 0,
      duration_ms: 5,
      stdout_tail: `done with ${secret}`,
    });
    await waitForRun(owner, runId, terminal);
    const events = await (await call(`/api/v1/runs/${runId}/events`, { token: owner.token })).text();
    expect(events).toContain("using [redacted] now");
    expect(events).not.toContain(secret);
    const steps = JSON.stringify(await getSteps(owner, runId));
    expect(steps).toContain("done with [redacted]");
    expect(steps).not.toContain(secret);
  });

  it("never gives a task to a runner without its labels", async () => {
    const label = uniqueLabel();
    const { token } = await registerRunner(owner, ["linux"]);
    await startRunnerJob(label);
    expect(await claim(token, ["linux"], 0)).toBeNull();
    // Asking for a label the runner wasn't registered with doesn't help either.
    expect(await claim(token, ["linux", label], 0)).toBeNull();
  });

  it("finds a task it can run behind many older ones no runner offers labels for", async () => {
    const org = await registerOrg("runner-backlog");
    const label = uniqueLabel();
    // Older tasks waiting (up to a day) for a kind of runner that isn't online.
    const stmt = env.DB.prepare(
      "INSERT INTO runner_tasks (id, org_id, run_id, node_id, attempt, idempotency_key, labels, command, timeout_ms, created_at, updated_at) VALUES (?1, ?2, ?3, 'n', 1, ?1, ?4, 'true', 1000, ?5, ?5)",
    );
    await env.DB.batch(
      Array.from({ length: 60 }, (_, i) =>
        stmt.bind(`rtk_backlog_${label}_${i}`, org.orgId, `run_backlog_${i}`, JSON.stringify(["ansible-offline"]), i),
      ),
    );
    await env.DB.prepare(
      "INSERT INTO runner_tasks (id, org_id, run_id, node_id, attempt, idempotency_key, labels, command, timeout_ms, created_at, updated_at) VALUES (?1, ?2, 'run_mine', 'n', 1, ?1, ?3, 'true', 1000, 100, 100)",
    )
      .bind(`rtk_mine_${label}`, org.orgId, JSON.stringify([label]))
      .run();
    const { token } = await registerRunner(org, [label]);
    expect((await claim(token, [label], 0))?.id).toBe(`rtk_mine_${label}`);
  });

  it("keeps another org's runner away from this org's tasks", async () => {
    const label = uniqueLabel();
    const other = await registerOrg("other-runners");
    const { token } = await registerRunner(other, [label]);
    await startRunnerJob(label);
    expect(await claim(token, [label], 0)).toBeNull();
    const mine = await registerRunner(owner, [label]);
    const task = await claim(mine.token, [label]);
    const foreign = await runnerCall(token, `/tasks/${task.id}/heartbeat`);
    expect(foreign.status).toBe(404);
    // Every other task call is the same 404, and changes nothing for the runner that holds it.
    expect(
      (await runnerCall(token, `/tasks/${task.id}/logs`, { lines: [{ stream: "stdout", line: "x" }] })).status,
    ).toBe(404);
    const upload = await call(`/api/v1/runner/tasks/${task.id}/artifacts/evil.txt`, {
      method: "PUT",
      token,
      body: "planted",
      headers: { "content-type": "text/plain" },
    });
    expect(upload.status).toBe(404);
    expect((await runnerCall(token, `/tasks/${task.id}/complete`, { exit_code: 0, duration_ms: 1 })).status).toBe(404);
    expect((await jsonOf(await runnerCall(mine.token, `/tasks/${task.id}/heartbeat`))).cancel).toBe(false);
  });

  it("keeps uploads inside the job's files/ folder and under the body limit", async () => {
    const label = uniqueLabel();
    const { token } = await registerRunner(owner, [label]);
    await startRunnerJob(label);
    const task = await claim(token, [label]);
    const put = (name: string, body: string) =>
      call(`/api/v1/runner/tasks/${task.id}/artifacts/${name}`, {
        method: "PUT",
        token,
        body,
        headers: { "content-type": "application/octet-stream" },
      });
    for (const name of ["..%2Foutput.json", "%2e%2e%2Foutput.json", ".hidden", "a%2Fb.txt", "%2Fetc%2Fpasswd"]) {
      const res = await put(name, "x");
      expect(res.status, name).toBe(400);
      expect((await jsonOf(res)).error.code, name).toBe("validation_failed");
    }
    const tooBig = await put("big.bin", "x".repeat(1024 * 1024 + 1));
    expect(tooBig.status).toBe(413);
    expect(await env.ARTIFACTS.get(`artifacts/${task.job_id}/files/big.bin`)).toBeNull();
  });

  it("caps how many files a job keeps from its runners (413), while a file can still be replaced", async () => {
    const label = uniqueLabel();
    const { token } = await registerRunner(owner, [label]);
    await startRunnerJob(label);
    const task = await claim(token, [label]);
    const put = (name: string, body: string) =>
      call(`/api/v1/runner/tasks/${task.id}/artifacts/${name}`, {
        method: "PUT",
        token,
        body,
        headers: { "content-type": "text/plain" },
      });
    // Earlier uploads of this job, up to the cap.
    for (let i = 1; i < 50; i++) await env.ARTIFACTS.put(`artifacts/${task.job_id}/files/f${i}.txt`, "x");
    expect((await put("f50.txt", "last one")).status).toBe(200);
    const refused = await put("f51.txt", "one too many");
    expect(refused.status).toBe(413);
    expect((await jsonOf(refused)).error.code).toBe("payload_too_large");
    expect(await env.ARTIFACTS.get(`artifacts/${task.job_id}/files/f51.txt`)).toBeNull();
    expect((await put("f1.txt", "replaced")).status).toBe(200);
    expect(await (await env.ARTIFACTS.get(`artifacts/${task.job_id}/files/f1.txt`))?.text()).toBe("replaced");
  });
});
