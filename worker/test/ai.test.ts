/**
 * AI operations end to end in the Workers runtime: diagnose a failed run and plan runbook jobs with the org's LLM
 * (a programmable fake OpenAI-compatible server, reached through the real connection and network policy), approve
 * a plan to start exactly its jobs (resuming an interrupted approval without duplicates). The fake LLM is a real HTTP server on loopback (worker/test/fake-llm-setup.ts).
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { scopeOf } from "../auth/principal";
import { executeRunbook } from "../runbooks/execute";
import { registerRunbook } from "../runbooks/registry";
import type { RunbookDefinition } from "../runbooks/types";
import type { FakeAnswer, FakeLlmRequest } from "./fakes/llm";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";
import { fixture, publishWorkflow, startRun, uniqueKey, waitForRun } from "./run-helpers";

const FAKE_ROOT = inject("fakeLlmUrl");
const LLM_KEY = "sk-fake-llm-key-0123456789abcdef";
const RUN_TOKEN = "tok-used-by-the-run-9f8e7d6c5b4a";
const MCP_TOKEN = "mcp-server-token-1a2b3c4d5e6f";
const RUNBOOK = "ai_test_inventory";

/** The fake LLM server (worker/test/fake-llm-setup.ts), programmed and inspected over HTTP. */
const fake = {
  async program(key: string, answers: FakeAnswer[]): Promise<void> {
    const res = await fetch(`${FAKE_ROOT}/__program/${key}`, { method: "POST", body: JSON.stringify({ answers }) });
    expect(res.status).toBe(204);
  },
  async requests(key: string): Promise<FakeLlmRequest[]> {
    return (await (await fetch(`${FAKE_ROOT}/__requests/${key}`)).json()) as FakeLlmRequest[];
  },
};
let owner: Session;
let viewer: Session;
let apiConnection: string;
let unregister: () => void;

const testRunbook = (): RunbookDefinition => ({
  name: RUNBOOK,
  title: "Inventory (test)",
  description: "Lists what runs on a target",
  category: "test",
  risk: "low",
  version: 1,
  required_connections: [{ key: "api", description: "The target's API" }],
  schema_json: {
    type: "object",
    required: ["target"],
    additionalProperties: false,
    properties: { target: { type: "string", minLength: 1 } },
  },
  supports_dry_run: false,
  workflow: {
    nodes: [
      {
        id: "list",
        type: "http",
        config: { method: "GET", url: `${fixture()}/users/{{ input.target }}`, connection_id: "$connection:api" },
      },
    ],
    edges: [],
  } as RunbookDefinition["workflow"],
});

beforeAll(async () => {
  unregister = registerRunbook(testRunbook());
  owner = await registerOrg("ai");
  viewer = await addMember(owner, "viewer");
  apiConnection = await connection("Target API", `${fixture()}`, RUN_TOKEN);
  // An MCP server's token is a secret of the org too: it must never reach a prompt.
  const server = await call("/api/v1/mcp/user-servers", {
    token: owner.token,
    body: { label: "tools", url: inject("mcpUrl"), auth_type: "bearer", token: MCP_TOKEN, allowed_tools: [] },
  });
  expect(server.status).toBe(201);
});

afterAll(() => {
  unregister();
});

async function connection(name: string, baseUrl: string, token: string): Promise<string> {
  const res = await call("/api/v1/connections", {
    token: owner.token,
    body: { name: `${name} ${uniqueKey("c")}`, base_url: baseUrl, credentials: { type: "bearer", token } },
  });
  expect(res.status).toBe(201);
  return (await jsonOf(res)).id;
}

/** Points the org's AI settings at a fresh fake key, programmed with `answers`; returns the key. */
async function programFakeLlm(answers: FakeAnswer[]): Promise<string> {
  const key = uniqueKey("llm");
  await fake.program(key, answers);
  const id = await connection("LLM", `${FAKE_ROOT}/${key}/v1`, LLM_KEY);
  const res = await call("/api/v1/orgs/current", {
    method: "PATCH",
    token: owner.token,
    body: { settings: { ai: { connection_id: id, model: "gpt-4o-mini" } } },
  });
  expect(res.status).toBe(200);
  return key;
}

/** A workflow whose only step calls the fixture with the run's connection and fails (HTTP 401). */
async function failedRun(workflowId?: string): Promise<{ runId: string; workflowId: string }> {
  const wf =
    workflowId ??
    (await publishWorkflow(owner, {
      nodes: [
        {
          id: "fetch",
          type: "http",
          config: { method: "GET", url: `${fixture()}/status/401`, connection_id: apiConnection },
        },
      ],
      edges: [],
    }));
  // The run's input quotes the connection's token: the prompt must still never carry it.
  const runId = await startRun(owner, wf, { input: { note: `token is ${RUN_TOKEN}`, mcp: MCP_TOKEN } });
  await waitForRun(owner, runId, (r) => r.status === "failed");
  return { runId, workflowId: wf };
}

const diagnosis = (over: Record<string, unknown> = {}) => ({
  summary: "The target API rejects the credentials (HTTP 401).",
  hypotheses: [{ title: "The API token was revoked", likelihood: "high", evidence: ["fetch: HTTP 401"] }],
  suggested_actions: [
    { kind: "fix_config", description: "Renew the token of the Target API connection" },
    { kind: "runbook", description: "Inventory the target", runbook: { name: RUNBOOK, inputs: { target: "web-1" } } },
    { kind: "runbook", description: "Reboot it", runbook: { name: "reboot_everything", inputs: {} } },
  ],
  ...over,
});

const diagnose = (runId: string, token = owner.token) =>
  call("/api/v1/ai/diagnose", { token, body: { run_id: runId } });

async function jobsOfTestRunbook(): Promise<any[]> {
  const res = await call(`/api/v1/jobs?runbook=${RUNBOOK}&limit=100`, { token: owner.token });
  expect(res.status).toBe(200);
  return (await jsonOf(res)).items;
}

async function auditActions(action: string): Promise<any[]> {
  const { results } = await env.DB.prepare("SELECT * FROM audit_events WHERE org_id = ? AND action = ?")
    .bind(owner.orgId, action)
    .all();
  return results;
}

describe("AI operations without an LLM", () => {
  it("answer ai_not_configured, pointing to the settings, and never a stub", async () => {
    const { runId } = await failedRun();
    const res = await diagnose(runId);
    expect(res.status).toBe(409);
    const body = await jsonOf(res);
    expect(body.error.code).toBe("ai_not_configured");
    expect(body.error.message).toContain("Settings → Organization");
    const plan = await call("/api/v1/ai/plan", { token: owner.token, body: { goal: "Fix it" } });
    expect((await jsonOf(plan)).error.code).toBe("ai_not_configured");
  });

  it("refuses AI settings naming a connection the org doesn't have", async () => {
    const res = await call("/api/v1/orgs/current", {
      method: "PATCH",
      token: owner.token,
      body: { settings: { ai: { connection_id: "con_not_mine", model: "gpt-4o-mini" } } },
    });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error.code).toBe("connection_not_found");
  });
});

describe("POST /ai/diagnose", () => {
  it("returns the model's hypotheses, drops an unknown runbook with a note, and never sends a secret", async () => {
    const key = await programFakeLlm([{ content: diagnosis() }]);
    const { runId } = await failedRun();
    const res = await diagnose(runId);
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body).toMatchObject({
      run_id: runId,
      summary: "The target API rejects the credentials (HTTP 401).",
      hypotheses: [{ title: "The API token was revoked", likelihood: "high", evidence: ["fetch: HTTP 401"] }],
      model: "gpt-4o-mini",
    });
    expect(body.suggested_actions.map((a: any) => a.runbook?.name ?? a.kind)).toEqual(["fix_config", RUNBOOK]);
    expect(body.notes.join(" ")).toContain("reboot_everything");

    const [sent] = await fake.requests(key);
    expect(sent?.authorization).toBe(`Bearer ${LLM_KEY}`);
    expect(sent?.body.response_format).toBeDefined();
    const prompt = sent?.raw ?? "";
    expect(prompt).toContain("status/401");
    expect(prompt).not.toContain(RUN_TOKEN);
    expect(prompt).not.toContain(MCP_TOKEN);
    expect(prompt).not.toContain(LLM_KEY);
    expect(prompt).toContain("[redacted]");
    expect((await auditActions("ai.diagnosed")).some((e) => e.target_id === runId)).toBe(true);
    // The completion is metered against the run like any LLM call.
    const usage = await env.DB.prepare("SELECT * FROM usage_events WHERE org_id = ? AND run_id = ? AND kind = 'llm'")
      .bind(owner.orgId, runId)
      .all();
    expect(usage.results).toMatchObject([{ key: "gpt-4o-mini", calls: 1, tokens_in: 100, tokens_out: 50 }]);
  });

  it("lists earlier failures of the same workflow and error among the similar failures", async () => {
    await programFakeLlm([{ content: diagnosis() }]);
    const first = await failedRun();
    const second = await failedRun(first.workflowId);
    const body = await jsonOf(await diagnose(second.runId));
    expect(body.similar_failures.map((f: any) => f.run_id)).toEqual([first.runId]);
  });

  it("sends an invalid answer back once and uses the corrected one", async () => {
    const key = await programFakeLlm([{ content: "Sure! It is the token." }, { content: diagnosis() }]);
    const { runId } = await failedRun();
    const res = await diagnose(runId);
    expect(res.status).toBe(200);
    expect(await fake.requests(key)).toHaveLength(2);
    expect(JSON.stringify((await fake.requests(key))[1]?.body.messages?.at(-1))).toContain("rejected");
  });

  it("answers 502 ai_invalid_answer when the corrected answer is still invalid", async () => {
    const key = await programFakeLlm([{ content: { summary: "" } }]);
    const { runId } = await failedRun();
    const res = await diagnose(runId);
    expect(res.status).toBe(502);
    expect((await jsonOf(res)).error.code).toBe("ai_invalid_answer");
    expect(await fake.requests(key)).toHaveLength(2);
  });

  it("answers 502 ai_upstream_failed with the provider's refusal", async () => {
    await programFakeLlm([{ status: 401, body: { error: { message: "invalid api key" } } }]);
    const { runId } = await failedRun();
    const res = await diagnose(runId);
    expect(res.status).toBe(502);
    const body = await jsonOf(res);
    expect(body.error.code).toBe("ai_upstream_failed");
    expect(body.error.message).toContain("HTTP 401");
    expect(JSON.stringify(body)).not.toContain(LLM_KEY);
  });

  it("is refused to viewers and hides other orgs' runs", async () => {
    const { runId } = await failedRun();
    expect((await diagnose(runId, viewer.token)).status).toBe(403);
    const stranger = await registerOrg("ai-other");
    const res = await diagnose(runId, stranger.token);
    expect(res.status).toBe(404);
  });
});

describe("AI plans", () => {
  const validStep = () => ({
    runbook: RUNBOOK,
    inputs: { target: "web-1" },
    connections: { api: apiConnection },
    reason: "See what runs on web-1",
  });

  async function propose(steps: unknown[]): Promise<{ plan: any; key: string }> {
    const key = await programFakeLlm([{ content: { steps } }]);
    const res = await call("/api/v1/ai/plan", { token: owner.token, body: { goal: "Find out what runs on web-1" } });
    expect(res.status).toBe(201);
    return { plan: await jsonOf(res), key };
  }

  it("puts invalid steps in rejected, gives the model the catalog, and starts nothing", async () => {
    const before = (await jobsOfTestRunbook()).length;
    const { plan, key } = await propose([
      validStep(),
      { ...validStep(), inputs: { target: "" } },
      { ...validStep(), connections: { api: "con_of_nobody" } },
    ]);
    expect(plan.status).toBe("proposed");
    expect(plan.steps).toEqual([{ ...validStep(), job_id: null, start_error: null }]);
    expect(plan.rejected.map((r: any) => r.reason)).toEqual([
      expect.stringContaining("target"),
      expect.stringContaining("con_of_nobody"),
    ]);
    expect((await fake.requests(key))[0]?.raw).toContain(RUNBOOK);
    expect((await jobsOfTestRunbook()).length).toBe(before);
    const read = await call(`/api/v1/ai/plans/${plan.plan_id}`, { token: owner.token });
    expect((await jsonOf(read)).status).toBe("proposed");
    expect((await auditActions("ai.plan_proposed")).some((e) => e.target_id === plan.plan_id)).toBe(true);
  });

  it("approval starts exactly the planned jobs, once; a second approval is 409 plan_not_proposed", async () => {
    const before = (await jobsOfTestRunbook()).length;
    const second = { ...validStep(), inputs: { target: "web-2" } };
    const { plan } = await propose([validStep(), second]);
    expect(
      (await call(`/api/v1/ai/plan/${plan.plan_id}/approve`, { method: "POST", token: viewer.token })).status,
    ).toBe(403);
    const res = await call(`/api/v1/ai/plan/${plan.plan_id}/approve`, { method: "POST", token: owner.token });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.plan.status).toBe("approved");
    expect(body.jobs).toHaveLength(2);
    expect(body.plan.steps.map((s: any) => s.job_id)).toEqual(body.jobs.map((j: any) => j.job_id));
    const jobs = await jobsOfTestRunbook();
    expect(jobs.length).toBe(before + 2);
    const started = jobs.filter((j) => body.jobs.some((b: any) => b.job_id === j.id));
    expect(started.map((j) => j.inputs.target).sort()).toEqual(["web-1", "web-2"]);
    expect(started.every((j) => j.source?.plan_id === plan.plan_id)).toBe(true);

    const again = await call(`/api/v1/ai/plan/${plan.plan_id}/approve`, { method: "POST", token: owner.token });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).error.code).toBe("plan_not_proposed");
    expect((await jobsOfTestRunbook()).length).toBe(before + 2);
    const audit = (await auditActions("ai.plan_approved")).find((e) => e.target_id === plan.plan_id);
    expect(JSON.parse(audit.metadata).job_ids).toEqual(body.jobs.map((j: any) => j.job_id));
  });

  it("records a step whose job could not start on the step, never dropping it", async () => {
    const removeGone = registerRunbook({ ...testRunbook(), name: "ai_test_gone" });
    const { plan } = await propose([{ ...validStep(), runbook: "ai_test_gone" }, validStep()]);
    removeGone();
    const res = await call(`/api/v1/ai/plan/${plan.plan_id}/approve`, { method: "POST", token: owner.token });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.jobs.map((j: any) => j.runbook)).toEqual([RUNBOOK]);
    expect(body.plan.steps[0]).toMatchObject({
      runbook: "ai_test_gone",
      job_id: null,
      start_error: { code: "runbook_not_found" },
    });
    const read = await jsonOf(await call(`/api/v1/ai/plans/${plan.plan_id}`, { token: owner.token }));
    expect(read.steps[0].start_error.code).toBe("runbook_not_found");
    expect(read.steps[1].job_id).toBe(body.jobs[0].job_id);
    // A step that failed to start is recorded: approving again doesn't retry it.
    const again = await call(`/api/v1/ai/plan/${plan.plan_id}/approve`, { method: "POST", token: owner.token });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).error.code).toBe("plan_not_proposed");
  });

  it("resumes an interrupted approval: starts only the unrecorded steps, none twice", async () => {
    const before = (await jobsOfTestRunbook()).length;
    const targets = ["web-1", "web-2", "web-3"];
    const { plan } = await propose(targets.map((target) => ({ ...validStep(), inputs: { target } })));
    // What a Worker that died mid-approval leaves: the plan approved, step 0's job started and saved, step 1's job
    // started (with its idempotency key) but its id never saved, step 2 never started.
    const principal = { type: "user", id: owner.userId, orgId: owner.orgId, role: "owner" } as const;
    const startJob = (index: number) =>
      executeRunbook(env, scopeOf(principal), principal, {
        name: RUNBOOK,
        inputs: { target: targets[index] },
        connections: { api: apiConnection },
        source: { kind: "ai_plan", plan_id: plan.plan_id },
        idempotency_key: `ai_plan:${plan.plan_id}:${index}`,
      });
    const first = await startJob(0);
    const orphan = await startJob(1);
    const steps = plan.steps.map((s: any, i: number) => (i === 0 ? { ...s, job_id: first.job_id } : s));
    await env.DB.prepare(
      "UPDATE ai_plans SET status = 'approved', decided_by = ?, decided_at = ?, steps = ? WHERE id = ?",
    )
      .bind(owner.userId, Date.now(), JSON.stringify(steps), plan.plan_id)
      .run();
    expect((await jobsOfTestRunbook()).length).toBe(before + 2);

    const res = await call(`/api/v1/ai/plan/${plan.plan_id}/approve`, { method: "POST", token: owner.token });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.plan.status).toBe("approved");
    expect(body.jobs).toHaveLength(3);
    expect(body.jobs.slice(0, 2).map((j: any) => j.job_id)).toEqual([first.job_id, orphan.job_id]);
    const read = await jsonOf(await call(`/api/v1/ai/plans/${plan.plan_id}`, { token: owner.token }));
    expect(read.steps.map((s: any) => s.job_id)).toEqual(body.jobs.map((j: any) => j.job_id));
    // Exactly the planned jobs exist: one per step.
    const jobs = await jobsOfTestRunbook();
    expect(jobs.length).toBe(before + 3);
    const ofPlan = jobs.filter((j) => j.source?.plan_id === plan.plan_id);
    expect(ofPlan.map((j) => j.inputs.target).sort()).toEqual(targets);
    const audit = (await auditActions("ai.plan_resumed")).find((e) => e.target_id === plan.plan_id);
    expect(JSON.parse(audit.metadata).job_ids).toEqual(body.jobs.map((j: any) => j.job_id));

    // Fully recorded now: a further approval is refused and starts nothing.
    const again = await call(`/api/v1/ai/plan/${plan.plan_id}/approve`, { method: "POST", token: owner.token });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).error.code).toBe("plan_not_proposed");
    expect((await jobsOfTestRunbook()).length).toBe(before + 3);
  });

  it("plans for a diagnosed run from its diagnosis, and refuses another org's run", async () => {
    const key = await programFakeLlm([{ content: diagnosis() }, { content: { steps: [] } }]);
    const { runId } = await failedRun();
    expect((await diagnose(runId)).status).toBe(200);
    const res = await call("/api/v1/ai/plan", { token: owner.token, body: { goal: "Fix it", run_id: runId } });
    expect(res.status).toBe(201);
    const plan = await jsonOf(res);
    expect(plan).toMatchObject({ run_id: runId, steps: [], rejected: [], status: "proposed" });
    expect((await fake.requests(key))[1]?.raw).toContain("The target API rejects the credentials");
    const stranger = await registerOrg("ai-planner");
    const foreign = await call("/api/v1/ai/plan", { token: stranger.token, body: { goal: "Fix it", run_id: runId } });
    expect(foreign.status).toBe(404);
  });

  it("hides a plan from other orgs: read, approve and reject answer 404", async () => {
    const { plan } = await propose([validStep()]);
    const stranger = await registerOrg("ai-stranger");
    expect((await call(`/api/v1/ai/plans/${plan.plan_id}`, { token: stranger.token })).status).toBe(404);
    for (const action of ["approve", "reject"]) {
      const res = await call(`/api/v1/ai/plan/${plan.plan_id}/${action}`, { method: "POST", token: stranger.token });
      expect(res.status).toBe(404);
    }
    expect((await jsonOf(await call(`/api/v1/ai/plans/${plan.plan_id}`, { token: owner.token }))).status).toBe(
      "proposed",
    );
  });

  it("a rejected plan can't be approved and starts nothing", async () => {
    const before = (await jobsOfTestRunbook()).length;
    const { plan } = await propose([validStep()]);
    const rejected = await call(`/api/v1/ai/plan/${plan.plan_id}/reject`, { method: "POST", token: owner.token });
    expect((await jsonOf(rejected)).status).toBe("rejected");
    const approve = await call(`/api/v1/ai/plan/${plan.plan_id}/approve`, { method: "POST", token: owner.token });
    expect(approve.status).toBe(409);
    expect((await jobsOfTestRunbook()).length).toBe(before);
  });
});
