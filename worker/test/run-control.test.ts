import { beforeAll, describe, expect, it } from "vitest";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import {
  fixture,
  fixtureRequests,
  getRun,
  getSteps,
  publishWorkflow,
  startRun,
  terminal,
  uniqueKey,
  waitForRun,
} from "./run-helpers";

let owner: Session;
beforeAll(async () => {
  owner = await registerOrg("control");
});

const post = (path: string, body: unknown = {}) => call(path, { token: owner.token, body });

describe("preflight and needs_review", () => {
  it("parks a run with an unresolved reference in needs_review, then resumes it with the missing input", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [{ id: "greet", name: "Greet", type: "transform", config: { expression: '"Hello " & input.region' } }],
      edges: [],
    });
    const runId = await startRun(owner, wf, { input: {} });
    const run = await waitForRun(owner, runId, (r) => r.status === "needs_review");
    expect(run.preflight_summary.blocking_count).toBe(1);
    expect(run.recommended_actions[0]).toMatchObject({ action: "provide_input", target_node_id: "greet" });
    expect(run.recommended_actions[0].description).toMatch(/input\.region/);
    const logs = await jsonOf(await call(`/api/v1/runs/${runId}/logs?domain=preflight`, { token: owner.token }));
    expect(logs.items[0].message_human).toMatch(/blocking/);

    const resumed = await post(`/api/v1/runs/${runId}/resume`, { input: { region: "eu" } });
    expect(resumed.status).toBe(200);
    const done = await waitForRun(owner, runId, terminal);
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ greet: "Hello eu" });
  });

  it("resumes on a fixed version of the workflow", async () => {
    const broken = { nodes: [{ id: "a", type: "transform", config: { expression: "vars.greeting" } }], edges: [] };
    const wf = await publishWorkflow(owner, broken);
    const runId = await startRun(owner, wf);
    await waitForRun(owner, runId, (r) => r.status === "needs_review");
    // Resuming without a fix re-runs preflight and stays in review.
    expect((await post(`/api/v1/runs/${runId}/resume`)).status).toBe(200);
    expect((await getRun(owner, runId)).status).toBe("needs_review");

    const current = await jsonOf(await call(`/api/v1/workflows/${wf}`, { token: owner.token }));
    await call(`/api/v1/workflows/${wf}/draft`, {
      method: "PUT",
      token: owner.token,
      body: { graph: { ...broken, vars: { greeting: "hi" } }, revision: current.draft_revision },
    });
    await post(`/api/v1/workflows/${wf}/versions`);
    const resumed = await post(`/api/v1/runs/${runId}/resume`, { version: "latest" });
    expect(resumed.status).toBe(200);
    const done = await waitForRun(owner, runId, terminal);
    expect(done).toMatchObject({ status: "completed", version: 2, output: { a: "hi" } });
  });

  it("answers preflight on demand", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [{ id: "call", type: "http", config: { method: "GET", url: "http://169.254.169.254/latest/meta-data" } }],
      edges: [],
    });
    const res = await post(`/api/v1/workflows/${wf}/preflight`, { input: {} });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.blocking_count).toBe(1);
    expect(body.issues[0]).toMatchObject({
      code: "invalid_url",
      domain: "policy",
      node_id: "call",
      severity: "blocking",
    });
  });
});

describe("pause, resume, retry, rerun", () => {
  it("pauses a waiting run and resumes it", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [
        { id: "wait", type: "delay", config: { duration_ms: 600 } },
        { id: "after", type: "noop", config: {} },
      ],
      edges: [{ from: "wait", to: "after" }],
    });
    const runId = await startRun(owner, wf);
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    expect((await post(`/api/v1/runs/${runId}/pause`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await getRun(owner, runId)).status).toBe("paused");
    expect((await post(`/api/v1/runs/${runId}/pause`)).status).toBe(409);
    expect((await post(`/api/v1/runs/${runId}/resume`)).status).toBe(200);
    expect((await waitForRun(owner, runId, terminal)).status).toBe("completed");
  });

  it("reruns from a failed step, reusing the outputs of the steps before it", async () => {
    const key = uniqueKey("reuse");
    const wf = await publishWorkflow(owner, {
      nodes: [
        { id: "fetch", type: "http", config: { method: "GET", url: `${fixture()}/users/${key}` } },
        {
          id: "check",
          type: "transform",
          config: { expression: 'input.fail ? $error("the check failed") : steps.fetch.output.body.name' },
        },
        { id: "done", type: "noop", config: {} },
      ],
      edges: [
        { from: "fetch", to: "check" },
        { from: "check", to: "done" },
      ],
      input_schema: { type: "object", properties: { fail: { type: "boolean" } } },
    });
    const failedId = await startRun(owner, wf, { input: { fail: true } });
    const failed = await waitForRun(owner, failedId, terminal);
    expect(failed.status).toBe("failed");
    expect(failed.last_error_human).toMatch(/the check failed/);

    const rerun = await post(`/api/v1/runs/${failedId}/rerun`, { from_step: "check", input: { fail: false } });
    expect(rerun.status).toBe(201);
    const { run_id, reused_steps } = await jsonOf(rerun);
    expect(reused_steps).toEqual(["fetch"]);
    const done = await waitForRun(owner, run_id, terminal);
    expect(done.status).toBe("completed");
    const steps = await getSteps(owner, run_id);
    expect(steps.find((s) => s.node_id === "check").data_out).toBe(`User ${key}`);
    expect(await fixtureRequests(key)).toHaveLength(1);

    const retried = await jsonOf(await post(`/api/v1/runs/${failedId}/retry`));
    expect(retried.run_id).not.toBe(failedId);
    expect((await waitForRun(owner, retried.run_id, terminal)).trigger).toEqual({
      type: "replay",
      data: { replay_of: failedId },
    });
    expect((await post(`/api/v1/runs/${retried.run_id}/rerun`, { from_step: "nope" })).status).toBe(400);
  });
});

describe("bulk actions, logs, dry runs", () => {
  it("cancels and replays by filter", async () => {
    const wf = await publishWorkflow(owner, { nodes: [{ id: "gate", type: "approval", config: {} }], edges: [] });
    const ids = [await startRun(owner, wf), await startRun(owner, wf), await startRun(owner, wf)];
    for (const id of ids) await waitForRun(owner, id, (r) => r.status === "waiting");
    const canceled = await jsonOf(await post("/api/v1/runs/bulk-cancel", { workflow_id: wf }));
    expect(canceled.affected.sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await getRun(owner, id)).status).toBe("canceled");
    const replayed = await jsonOf(await post("/api/v1/runs/bulk-replay", { workflow_id: wf, status: ["canceled"] }));
    expect(replayed.affected).toHaveLength(3);
    await post("/api/v1/runs/bulk-cancel", { workflow_id: wf });
    const audit = await jsonOf(await call("/api/v1/audit?action=run.bulk_canceled", { token: owner.token }));
    expect(audit.items).toHaveLength(2);
  });

  it("keeps structured logs with level and domain filters", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [{ id: "bad", type: "http", config: { method: "GET", url: `${fixture()}/status/404` } }],
      edges: [],
    });
    const runId = await startRun(owner, wf);
    await waitForRun(owner, runId, terminal);
    const errorsOnly = await jsonOf(await call(`/api/v1/runs/${runId}/logs?level=error`, { token: owner.token }));
    expect(errorsOnly.items.length).toBeGreaterThan(0);
    expect(errorsOnly.items.every((l: any) => l.level === "error")).toBe(true);
    expect(errorsOnly.items[0]).toMatchObject({ domain: "step", step_id: "bad" });
    expect(errorsOnly.items[0].correlation_id).toMatch(/^cor_/);
    const page = await jsonOf(await call(`/api/v1/runs/${runId}/logs?limit=1`, { token: owner.token }));
    expect(page.items).toHaveLength(1);
    const next = await jsonOf(
      await call(`/api/v1/runs/${runId}/logs?limit=1&cursor=${page.next_cursor}`, { token: owner.token }),
    );
    expect(next.items[0].id).toBeGreaterThan(page.items[0].id);
    expect((await call(`/api/v1/runs/${runId}/logs?limit=101`, { token: owner.token })).status).toBe(400);
  });

  it("a dry run performs no side effect: no POST is sent and no event is emitted", async () => {
    const key = uniqueKey("dry");
    const wf = await publishWorkflow(owner, {
      nodes: [
        { id: "read", type: "http", config: { method: "GET", url: `${fixture()}/users/${key}` } },
        {
          id: "write",
          type: "http",
          config: {
            method: "POST",
            url: `${fixture()}/echo/${key}`,
            body: { name: "{{ steps.read.output.body.name }}" },
          },
        },
        { id: "announce", type: "emit_event", config: { event_type: "user.synced", payload: { id: key } } },
      ],
      edges: [
        { from: "read", to: "write" },
        { from: "write", to: "announce" },
      ],
    });
    const runId = await startRun(owner, wf, { dry_run: true });
    const run = await waitForRun(owner, runId, terminal);
    expect(run).toMatchObject({ status: "completed", dry_run: true });
    const received = await fixtureRequests(key);
    expect(received.map((r) => r.method)).toEqual(["GET"]);
    const steps = await getSteps(owner, runId);
    expect(steps.find((s) => s.node_id === "write").data_out).toMatchObject({
      dry_run: true,
      preview: { method: "POST" },
    });
    expect(steps.find((s) => s.node_id === "announce").data_out).toMatchObject({ dry_run: true });
  });

  describe("retention", () => {
    it("drops a finished run's event log and logs after the org's retention, keeping its summary", async () => {
      const org = await registerOrg("retention");
      await call("/api/v1/orgs/current", {
        method: "PATCH",
        token: org.token,
        body: { settings: { limits: { event_retention_ms: 1_500 } } },
      });
      const wf = await publishWorkflow(org, { nodes: [{ id: "a", type: "noop", config: {} }], edges: [] });
      const runId = await startRun(org, wf);
      await waitForRun(org, runId, terminal);
      const events = await jsonOf(await call(`/api/v1/runs/${runId}/events`, { token: org.token }));
      expect(events.items.length).toBeGreaterThan(0);
      const deadline = Date.now() + 10_000;
      let after = events.items.length;
      while (after > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        after = (await jsonOf(await call(`/api/v1/runs/${runId}/events`, { token: org.token }))).items.length;
      }
      expect(after).toBe(0);
      expect((await jsonOf(await call(`/api/v1/runs/${runId}/logs`, { token: org.token }))).items).toHaveLength(0);
      const run = await getRun(org, runId);
      expect(run.status).toBe("completed");
      expect((await getSteps(org, runId))[0].status).toBe("succeeded");
    });
  });
});
