import { abortAllDurableObjects, evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";
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
  owner = await registerOrg("runs");
});

const http = (id: string, url: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: "http",
  name: `Call ${id}`,
  config: { method: "GET", url },
  ...extra,
});

describe("executing runs", () => {
  it("runs a 3-step HTTP workflow with inputs/outputs and a redacted secret header", async () => {
    const key = uniqueKey("three");
    const wf = await publishWorkflow(owner, {
      nodes: [
        http("get_user", `${fixture()}/users/{{ input.user_id }}`),
        {
          id: "notify",
          type: "http",
          config: {
            method: "POST",
            url: `${fixture()}/echo/${key}`,
            headers: { Authorization: "Bearer {{ vars.api_token }}", "X-Trace": "t-1" },
            body: { greeting: "Hello {{ steps.get_user.output.body.name }}" },
          },
        },
        { id: "shape", type: "transform", config: { expression: "steps.notify.output.body.body.greeting" } },
      ],
      edges: [
        { from: "get_user", to: "notify" },
        { from: "notify", to: "shape" },
      ],
      input_schema: { type: "object", required: ["user_id"], properties: { user_id: { type: "string" } } },
      vars: { api_token: "sk-live-very-secret-123" },
    });
    const runId = await startRun(owner, wf, { input: { user_id: "u42" } });
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    expect(run.progress).toBe(100);
    expect(run.output).toEqual({ shape: "Hello User u42" });

    const steps = await getSteps(owner, runId);
    expect(steps.map((s) => [s.node_id, s.status, s.attempts])).toEqual([
      ["get_user", "succeeded", 1],
      ["notify", "succeeded", 1],
      ["shape", "succeeded", 1],
    ]);
    const notify = steps[1];
    expect(notify.data_in.url).toBe(`${fixture()}/echo/${key}`);
    expect(notify.data_in.headers.Authorization).toBe("[redacted]");
    expect(notify.data_in.headers["X-Trace"]).toBe("t-1");
    expect(notify.data_out.status).toBe(200);
    expect(JSON.stringify(steps)).not.toContain("sk-live-very-secret-123");

    // The request really carried the secret, the idempotency key and the correlation id.
    const [received] = await fixtureRequests(key);
    expect(received?.headers.authorization).toBe("Bearer sk-live-very-secret-123");
    expect(received?.headers["idempotency-key"]).toBe(`${runId}:notify:1`);
    expect(received?.headers["x-correlation-id"]).toBe(run.correlation_id);
  });

  it("validates the input against input_schema and honours Idempotency-Key", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [{ id: "a", type: "noop", config: {} }],
      edges: [],
      input_schema: { type: "object", required: ["n"], properties: { n: { type: "number" } } },
    });
    const bad = await call(`/api/v1/workflows/${wf}/runs`, { token: owner.token, body: { input: { n: "x" } } });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).error.details.issues[0].path).toBe("input.n");
    const missing = await call(`/api/v1/workflows/${wf}/runs`, { token: owner.token, body: { input: {} } });
    expect(missing.status).toBe(400);

    const first = await call(`/api/v1/workflows/${wf}/runs`, {
      token: owner.token,
      body: { input: { n: 1 } },
      headers: { "Idempotency-Key": "same-key-1" },
    });
    const second = await call(`/api/v1/workflows/${wf}/runs`, {
      token: owner.token,
      body: { input: { n: 1 } },
      headers: { "Idempotency-Key": "same-key-1" },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect((await jsonOf(second)).run_id).toBe((await jsonOf(first)).run_id);
  });

  it("refuses to start an unpublished workflow", async () => {
    const created = await jsonOf(await call("/api/v1/workflows", { token: owner.token, body: { name: "draft only" } }));
    const res = await call(`/api/v1/workflows/${created.id}/runs`, { token: owner.token, body: {} });
    expect(res.status).toBe(409);
  });

  it("retries with growing delays, then succeeds; a non-retryable error fails at once", async () => {
    const key = uniqueKey("flaky");
    const retry = { max_attempts: 4, backoff: "exponential", base_delay_ms: 200 };
    const wf = await publishWorkflow(owner, {
      nodes: [http("flaky", `${fixture()}/flaky/${key}?fail=2`, { retry })],
      edges: [],
    });
    const runId = await startRun(owner, wf);
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    const [step] = await getSteps(owner, runId);
    expect(step.attempts).toBe(3);
    expect(step.attempt_history.map((a: any) => a.outcome)).toEqual(["failed", "failed", "succeeded"]);
    expect(step.attempt_history[0].error_code).toBe("http_status_5xx");
    expect(step.attempt_history[0].retry_at).not.toBeNull();
    const requests = await fixtureRequests(key);
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual([
      `${runId}:flaky:1`,
      `${runId}:flaky:2`,
      `${runId}:flaky:3`,
    ]);

    const wf404 = await publishWorkflow(owner, {
      nodes: [http("missing", `${fixture()}/status/404`, { retry })],
      edges: [],
    });
    const failedId = await startRun(owner, wf404);
    const failed = await waitForRun(owner, failedId, terminal);
    expect(failed.status).toBe("failed");
    expect(failed.last_error_human).toMatch(/404/);
    expect((await getSteps(owner, failedId))[0].attempts).toBe(1);
    expect(failed.recommended_actions.length).toBeGreaterThan(0);
  });

  it("fails a step that exceeds its timeout, and a run that exceeds its run timeout, with clear errors", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [http("slow", `${fixture()}/slow/${uniqueKey("slow")}?ms=3000`, { timeout_ms: 500 })],
      edges: [],
    });
    const run = await waitForRun(owner, await startRun(owner, wf), terminal);
    expect(run.status).toBe("failed");
    expect(run.last_error_human).toMatch(/did not (finish|answer)|timed out/i);
    expect(run.last_error_human).toMatch(/500 ms|0.5 s|within|before/);

    const wf2 = await publishWorkflow(owner, {
      nodes: [{ id: "wait", type: "delay", config: { duration_ms: 10_000 } }],
      edges: [],
      settings: { run_timeout_ms: 1_000 },
    });
    const run2 = await waitForRun(owner, await startRun(owner, wf2), terminal);
    expect(run2.status).toBe("failed");
    expect(run2.last_error_human).toMatch(/run/i);
  });

  it("fans out 10 branches and joins once; a condition skips the branch not taken", async () => {
    const branches = Array.from({ length: 10 }, (_, i) => ({ id: `b${i}`, type: "set", config: { values: { n: i } } }));
    const wf = await publishWorkflow(owner, {
      nodes: [
        { id: "start", type: "noop", config: {} },
        ...branches,
        {
          id: "join",
          type: "transform",
          config: { expression: `$sum([${branches.map((b) => `steps.${b.id}.output.n`).join(",")}])` },
        },
        { id: "check", type: "condition", config: { expression: "steps.join.output > 100" } },
        { id: "big", type: "noop", config: {} },
        { id: "small", type: "noop", config: {} },
        { id: "after_big", type: "noop", config: {} },
      ],
      edges: [
        ...branches.map((b) => ({ from: "start", to: b.id })),
        ...branches.map((b) => ({ from: b.id, to: "join" })),
        { from: "join", to: "check" },
        { from: "check", to: "big", when: "true" },
        { from: "check", to: "small", when: "false" },
        { from: "big", to: "after_big" },
      ],
    });
    const runId = await startRun(owner, wf);
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    const steps = await getSteps(owner, runId);
    const byId = Object.fromEntries(steps.map((s) => [s.node_id, s]));
    expect(byId.join.status).toBe("succeeded");
    expect(byId.join.attempts).toBe(1);
    expect(byId.join.data_out).toBe(45);
    expect(byId.small.status).toBe("succeeded");
    expect(byId.big.status).toBe("skipped");
    expect(byId.after_big.status).toBe("skipped");
  });
});

describe("large outputs", () => {
  it("stores an output above 256 KB in R2, keeps a reference, and later steps still read it", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [
        { id: "big", type: "transform", config: { expression: '$pad("", 300000, "x")' } },
        { id: "measure", type: "transform", config: { expression: "$length(steps.big.output)" } },
      ],
      edges: [{ from: "big", to: "measure" }],
    });
    const runId = await startRun(owner, wf);
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    const steps = await getSteps(owner, runId);
    const big = steps.find((s) => s.node_id === "big");
    expect(big.data_out).toMatchObject({ stored_in_r2: `runs/${runId}/big/output-1.json`, size: 300_002 });
    expect(steps.find((s) => s.node_id === "measure").data_out).toBe(300_000);
    const object = await env.ARTIFACTS.get(big.data_out.stored_in_r2);
    expect(((await object!.json()) as string).length).toBe(300_000);
  });

  it("treats a step's value shaped like a storage reference as data, never loading another run's stored file", async () => {
    const key = `artifacts/run_someone_else/files/${uniqueKey("secret")}.txt`;
    await env.ARTIFACTS.put(key, JSON.stringify("another org's file"));
    const wf = await publishWorkflow(owner, {
      nodes: [
        { id: "fake", type: "set", config: { values: { $ref: `r2:${key}`, size: 1 } } },
        { id: "read", type: "transform", config: { expression: "$string(steps.fake.output)" } },
      ],
      edges: [{ from: "fake", to: "read" }],
    });
    const runId = await startRun(owner, wf);
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    const read = (await getSteps(owner, runId)).find((s) => s.node_id === "read");
    expect(read.data_out).toContain(key);
    expect(JSON.stringify(read)).not.toContain("another org's file");
  });
});

describe("durability", () => {
  it("re-runs only the interrupted step after a crash mid-step, and never a finished one", async () => {
    const first = uniqueKey("first");
    const slow = uniqueKey("crash");
    const wf = await publishWorkflow(owner, {
      nodes: [
        http("first", `${fixture()}/users/${first}`),
        http("slow", `${fixture()}/slow/${slow}?ms=1500`),
        { id: "last", type: "noop", config: {} },
      ],
      edges: [
        { from: "first", to: "slow" },
        { from: "slow", to: "last" },
      ],
    });
    const runId = await startRun(owner, wf);
    // Wait until the slow step's request is in flight, then crash every Durable Object.
    const deadline = Date.now() + 10_000;
    while ((await fixtureRequests(slow)).length === 0) {
      if (Date.now() > deadline) throw new Error("slow step never started");
      await new Promise((r) => setTimeout(r, 50));
    }
    await abortAllDurableObjects();
    // The reaper's wake (or the retried alarm) brings the run back.
    await env.RUNS.get(env.RUNS.idFromName(runId)).wake();
    const run = await waitForRun(owner, runId, terminal, 20_000);
    expect(run.status).toBe("completed");
    expect(await fixtureRequests(first)).toHaveLength(1);
    const slowRequests = await fixtureRequests(slow);
    expect(slowRequests.length).toBe(2);
    // At-least-once with the same attempt's idempotency key, so the API can dedupe.
    expect(new Set(slowRequests.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([`${runId}:slow:1`]));
  });

  it("survives eviction between steps (waiting on an approval) without repeating finished steps", async () => {
    const key = uniqueKey("before");
    const wf = await publishWorkflow(owner, {
      nodes: [
        http("before", `${fixture()}/users/${key}`),
        { id: "ok", type: "approval", config: { message: "Go?" } },
        { id: "after", type: "noop", config: {} },
      ],
      edges: [
        { from: "before", to: "ok" },
        { from: "ok", to: "after" },
      ],
    });
    const runId = await startRun(owner, wf);
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    await evictDurableObject(env.RUNS.get(env.RUNS.idFromName(runId)));
    const approved = await call(`/api/v1/runs/${runId}/steps/ok/approve`, {
      token: owner.token,
      body: { comment: "fine" },
    });
    expect(approved.status).toBe(200);
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    expect(await fixtureRequests(key)).toHaveLength(1);
  });
});

describe("control", () => {
  it("approves and rejects, checks approvers, cancels in any non-terminal state, and audits", async () => {
    const viewer = await addMember(owner, "viewer");
    const approval = (roles?: string[]) => ({
      nodes: [
        { id: "gate", type: "approval", config: { message: "Ship it?", ...(roles ? { approvers: { roles } } : {}) } },
        { id: "ship", type: "noop", config: {} },
      ],
      edges: [{ from: "gate", to: "ship" }],
    });
    const wf = await publishWorkflow(owner, approval());
    const rejectedId = await startRun(owner, wf);
    await waitForRun(owner, rejectedId, (r) => r.status === "waiting" && r.wait_reason === "approval");
    expect(
      (await call(`/api/v1/runs/${rejectedId}/steps/gate/approve`, { token: viewer.token, body: {} })).status,
    ).toBe(403);
    const rejected = await call(`/api/v1/runs/${rejectedId}/steps/gate/reject`, {
      token: owner.token,
      body: { comment: "not today" },
    });
    expect(rejected.status).toBe(200);
    const run = await waitForRun(owner, rejectedId, terminal);
    expect(run.status).toBe("failed");
    expect(run.last_error_human).toMatch(/not today|reject/i);
    expect((await call(`/api/v1/runs/${rejectedId}/steps/gate/approve`, { token: owner.token, body: {} })).status).toBe(
      409,
    );

    const adminsOnly = await publishWorkflow(owner, approval(["admin"]));
    const gated = await startRun(owner, adminsOnly);
    await waitForRun(owner, gated, (r) => r.status === "waiting");
    const refused = await call(`/api/v1/runs/${gated}/steps/gate/approve`, { token: owner.token, body: {} });
    expect(refused.status).toBe(403); // the owner is not an admin by role here

    const canceled = await call(`/api/v1/runs/${gated}/cancel`, {
      token: owner.token,
      body: { reason: "no longer needed" },
    });
    expect(canceled.status).toBe(200);
    expect((await getRun(owner, gated)).status).toBe("canceled");
    expect((await call(`/api/v1/runs/${gated}/cancel`, { token: owner.token, body: {} })).status).toBe(409);

    const audit = await jsonOf(await call(`/api/v1/audit?target_id=${gated}`, { token: owner.token }));
    expect(audit.items.map((e: any) => e.action)).toEqual(["run.canceled", "run.started"]);
  });

  it("lets five runs of one user run at once; the sixth stays queued, then runs", async () => {
    const user = await registerOrg("slots");
    const wf = await publishWorkflow(user, {
      nodes: [{ id: "gate", type: "approval", config: {} }],
      edges: [],
    });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await startRun(user, wf));
    for (const id of ids.slice(0, 5)) await waitForRun(user, id, (r) => r.status === "waiting");
    expect((await getRun(user, ids[5]!)).status).toBe("queued");
    const listed = await jsonOf(await call("/api/v1/runs?status=queued", { token: user.token }));
    expect(listed.items.map((r: any) => r.id)).toEqual([ids[5]]);

    await call(`/api/v1/runs/${ids[0]}/steps/gate/approve`, { token: user.token, body: {} });
    await waitForRun(user, ids[0]!, terminal);
    await waitForRun(user, ids[5]!, (r) => r.status === "waiting");
    for (const id of ids.slice(1)) await call(`/api/v1/runs/${id}/cancel`, { token: user.token, body: {} });
  });
});

describe("listing", () => {
  it("lists runs with filters and pagination, scoped to the org", async () => {
    const other = await registerOrg("other-runs");
    const wf = await publishWorkflow(owner, { nodes: [{ id: "a", type: "noop", config: {} }], edges: [] });
    const ids = [await startRun(owner, wf), await startRun(owner, wf), await startRun(owner, wf)];
    for (const id of ids) await waitForRun(owner, id, terminal);
    const page = await jsonOf(await call(`/api/v1/runs?workflow_id=${wf}&limit=2`, { token: owner.token }));
    expect(page.items).toHaveLength(2);
    const rest = await jsonOf(
      await call(`/api/v1/runs?workflow_id=${wf}&limit=2&cursor=${page.next_cursor}`, { token: owner.token }),
    );
    expect([...page.items, ...rest.items].map((r: any) => r.id).sort()).toEqual([...ids].sort());
    expect(page.items[0].status).toBe("completed");
    expect((await call(`/api/v1/runs/${ids[0]}`, { token: other.token })).status).toBe(404);
  });
});
