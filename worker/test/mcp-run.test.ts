/**
 * `mcp_tool` steps through the real Worker and run object, against the SDK's MCP server on 127.0.0.1: a call
 * that returns `{sum}`, a tool off the whitelist and a denied tool (preflight, then the step itself), and a
 * policy ASK that waits for a person — approved, the tool is called once; rejected, never.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import { getRun, getSteps, publishWorkflow, startRun, terminal, waitForRun } from "./run-helpers";

let owner: Session;
let counter = 0;

beforeAll(async () => {
  owner = await registerOrg("mcp-run");
  const added = await call("/api/v1/mcp/user-servers", {
    token: owner.token,
    body: { label: "calc", url: inject("mcpUrl"), auth_type: "none", allowed_tools: ["add", "echo"] },
  });
  expect(added.status).toBe(201);
});

/** A number no other test sends, to find this test's calls on the shared fake server. */
function unique(): number {
  counter += 1;
  return 1_000_000 + (Date.now() % 1_000_000) * 100 + counter;
}

/** What the fake MCP server was called with, for `add` calls with `a === a`. */
async function addCalls(a: number): Promise<unknown[]> {
  const base = inject("mcpUrl").replace(/\/mcp$/, "");
  const calls = (await (await fetch(`${base}/__calls`)).json()) as { tool: string; args: { a?: number } }[];
  return calls.filter((c) => c.tool === "add" && c.args.a === a);
}

const addStep = (extra: Record<string, unknown> = {}) => ({
  id: "sum",
  name: "Add",
  type: "mcp_tool",
  config: { server_label: "calc", tool: "add", arguments: { a: "{{ input.a }}", b: 2 } },
  ...extra,
});

/** The tool step behind an always-true condition: preflight only warns, so the step itself refuses. */
function behindCondition(tool: string, settings: Record<string, unknown> = {}) {
  return {
    nodes: [
      { id: "gate", type: "condition", config: { expression: "true" } },
      { id: "call", name: "Call tool", type: "mcp_tool", config: { server_label: "calc", tool, arguments: {} } },
    ],
    edges: [{ from: "gate", to: "call", when: "true" }],
    settings,
  };
}

describe("mcp_tool steps", () => {
  it("calls add on the MCP server and completes with {sum}", async () => {
    const a = unique();
    const wf = await publishWorkflow(owner, { nodes: [addStep()], edges: [] });
    const runId = await startRun(owner, wf, { input: { a } });
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    const [step] = await getSteps(owner, runId);
    expect(step.data_in).toEqual({ server_label: "calc", tool: "add", arguments: { a, b: 2 } });
    expect(step.data_out).toMatchObject({ structured: { sum: a + 2 }, is_error: false });
    expect(run.output).toMatchObject({ sum: { structured: { sum: a + 2 } } });
    expect(await addCalls(a)).toHaveLength(1);
  });

  it("parks a run whose tool is off the whitelist or denied in needs_review, naming the problem", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [{ id: "wipe", type: "mcp_tool", config: { server_label: "calc", tool: "delete_everything" } }],
      edges: [],
    });
    const runId = await startRun(owner, wf);
    const run = await waitForRun(owner, runId, (r) => r.status === "needs_review");
    expect(run.preflight_summary.groups.issues).toMatchObject([
      { code: "tool_not_allowed", node_id: "wipe", severity: "blocking" },
    ]);
    expect(run.recommended_actions[0]).toMatchObject({ action: "review_tool_policy", target_node_id: "wipe" });

    const denied = await publishWorkflow(owner, { nodes: [addStep()], edges: [] });
    const deniedRun = await startRun(owner, denied, {
      input: { a: 1 },
      options: { tool_policies: { "calc/add": "deny" } },
    });
    const review = await waitForRun(owner, deniedRun, (r) => r.status === "needs_review");
    expect(review.preflight_summary.groups.issues[0]).toMatchObject({ code: "tool_denied", node_id: "sum" });
  });

  it("fails the step with a clear error when the tool is off the whitelist", async () => {
    const wf = await publishWorkflow(owner, behindCondition("delete_everything"));
    const run = await waitForRun(owner, await startRun(owner, wf), terminal);
    expect(run.status).toBe("failed");
    expect(run.last_error_human).toContain("“delete_everything” is not in the allowed tools of “calc”");
    const call = (await getSteps(owner, run.id)).find((s) => s.node_id === "call");
    expect(call).toMatchObject({ status: "failed", error_code: "tool_not_allowed" });
  });

  it("fails the step with tool_denied under a workflow DENY policy", async () => {
    const wf = await publishWorkflow(owner, behindCondition("echo", { tool_policies: { "calc/*": "deny" } }));
    const run = await waitForRun(owner, await startRun(owner, wf), terminal);
    expect(run.status).toBe("failed");
    const call = (await getSteps(owner, run.id)).find((s) => s.node_id === "call");
    expect(call).toMatchObject({ status: "failed", error_code: "tool_denied" });
    expect(call.error_human).toMatch(/workflow policy \(calc\/\*\) denies calc\/echo/);
  });

  it("waits for approval under ASK; approved, calls the tool once and completes", async () => {
    const a = unique();
    const wf = await publishWorkflow(owner, {
      nodes: [addStep()],
      edges: [],
      settings: { tool_policies: { "calc/add": "ask" } },
    });
    const runId = await startRun(owner, wf, { input: { a } });
    const waiting = await waitForRun(owner, runId, (r) => r.status === "waiting" || terminal(r));
    expect(waiting).toMatchObject({ status: "waiting", wait_reason: "approval" });
    const [step] = await getSteps(owner, runId);
    expect(step.wait).toMatchObject({
      reason: "approval",
      request: { kind: "tool_call", tool_key: "calc/add", arguments: { a, b: 2 } },
    });
    expect(await addCalls(a)).toHaveLength(0);

    const approved = await call(`/api/v1/runs/${runId}/steps/sum/approve`, {
      token: owner.token,
      body: { comment: "fine" },
    });
    expect(approved.status).toBe(200);
    const done = await waitForRun(owner, runId, terminal);
    expect(done.status).toBe("completed");
    expect(done.output).toMatchObject({ sum: { structured: { sum: a + 2 } } });
    expect(await addCalls(a)).toHaveLength(1);
    // A second decision is refused: the gate is passed.
    const again = await call(`/api/v1/runs/${runId}/steps/sum/approve`, { token: owner.token, body: {} });
    expect(again.status).toBe(409);
  });

  it("fails with approval_rejected under ASK when rejected, without calling the tool", async () => {
    const a = unique();
    const wf = await publishWorkflow(owner, {
      nodes: [addStep()],
      edges: [],
      settings: { tool_policies: { "calc/add": "ask" } },
    });
    const runId = await startRun(owner, wf, { input: { a } });
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    const rejected = await call(`/api/v1/runs/${runId}/steps/sum/reject`, {
      token: owner.token,
      body: { comment: "not now" },
    });
    expect(rejected.status).toBe(200);
    const done = await waitForRun(owner, runId, terminal);
    expect(done.status).toBe("failed");
    expect(done.last_error_human).toContain("not now");
    expect(await addCalls(a)).toHaveLength(0);
    expect((await getRun(owner, runId)).status).toBe("failed");
  });

  it("rejects invalid tool policy patterns in the workflow settings and the run options", async () => {
    // Drafts may be incomplete; publishing checks the graph.
    const draft = await call("/api/v1/workflows", {
      token: owner.token,
      body: {
        name: "Bad policy",
        graph: { nodes: [addStep()], edges: [], settings: { tool_policies: { "calc add": "ask" } } },
      },
    });
    const published = await call(`/api/v1/workflows/${(await jsonOf(draft)).id}/versions`, {
      method: "POST",
      token: owner.token,
    });
    expect(published.status).toBeGreaterThanOrEqual(400);
    expect(published.status).toBeLessThan(500);
    expect((await jsonOf(published)).error.details.issues[0]).toMatchObject({
      path: "settings.tool_policies.calc add",
      message: expect.stringContaining("“calc add” is not a tool pattern: use *, <server>/* or <server>/<tool>"),
    });
    const wf = await publishWorkflow(owner, { nodes: [addStep()], edges: [] });
    const res = await call(`/api/v1/workflows/${wf}/runs`, {
      token: owner.token,
      body: { input: { a: 1 }, options: { tool_policies: { "calc/add": "maybe" } } },
    });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error.code).toBe("validation_failed");
  });
});
