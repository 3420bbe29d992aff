/**
 * `llm` steps with `require_approval` through the real run object, against the fixture's OpenAI-compatible
 * server: the answer waits for a person with the answer in the request; approved, the step succeeds with that
 * answer (the model is not asked again); rejected, the run fails. Usage is metered once per answer, and for
 * answers that failed the output schema too (their tokens were spent).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import {
  fixture,
  fixtureRequests,
  getSteps,
  publishWorkflow,
  startRun,
  terminal,
  uniqueKey,
  waitForRun,
} from "./run-helpers";

const API_KEY = "sk-fixture-llm-approval-0123456789";
let owner: Session;

beforeAll(async () => {
  owner = await registerOrg("llm-approval");
});

async function reviewedWorkflow(requireApproval = true): Promise<{ wf: string; key: string }> {
  const key = uniqueKey("llmapproval");
  const res = await call("/api/v1/connections", {
    token: owner.token,
    body: {
      name: `LLM ${key}`,
      base_url: `${fixture()}/llm/${key}/ok/v1`,
      credentials: { type: "bearer", token: API_KEY },
    },
  });
  expect(res.status).toBe(201);
  const connection = (await jsonOf(res)).id as string;
  const wf = await publishWorkflow(owner, {
    nodes: [
      {
        id: "draft",
        name: "Draft reply",
        type: "llm",
        config: {
          connection_id: connection,
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: "Say hello" }],
          require_approval: requireApproval,
        },
      },
      { id: "use", type: "transform", config: { expression: "steps.draft.output.content" } },
    ],
    edges: [{ from: "draft", to: "use" }],
  });
  return { wf, key };
}

describe("llm require_approval", () => {
  it("waits with the answer for review; approved, continues with that answer", async () => {
    const { wf, key } = await reviewedWorkflow();
    const runId = await startRun(owner, wf);
    const waiting = await waitForRun(owner, runId, (r) => r.status === "waiting" || terminal(r));
    expect(waiting).toMatchObject({ status: "waiting", wait_reason: "approval" });
    const draft = (await getSteps(owner, runId)).find((s) => s.node_id === "draft");
    expect(draft.wait.request).toMatchObject({
      kind: "llm_output",
      output: { content: "Hello from gpt-4o-mini" },
      model: "gpt-4o-mini",
    });
    expect(JSON.stringify(draft)).not.toContain(API_KEY);

    const approved = await call(`/api/v1/runs/${runId}/steps/draft/approve`, { token: owner.token, body: {} });
    expect(approved.status).toBe(200);
    const done = await waitForRun(owner, runId, terminal);
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ use: "Hello from gpt-4o-mini" });
    const steps = await getSteps(owner, runId);
    expect(steps.find((s) => s.node_id === "draft").data_out).toMatchObject({
      content: "Hello from gpt-4o-mini",
      usage: { total_tokens: 20 },
    });
    // The model answered once; approving did not ask it again.
    expect(await fixtureRequests(key)).toHaveLength(1);
  });

  it("fails with approval_rejected when the answer is rejected", async () => {
    const { wf } = await reviewedWorkflow();
    const runId = await startRun(owner, wf);
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    const rejected = await call(`/api/v1/runs/${runId}/steps/draft/reject`, {
      token: owner.token,
      body: { comment: "too casual" },
    });
    expect(rejected.status).toBe(200);
    const done = await waitForRun(owner, runId, terminal);
    expect(done.status).toBe("failed");
    expect(done.last_error_human).toContain("too casual");
    const use = (await getSteps(owner, runId)).find((s) => s.node_id === "use");
    expect(use.status).toBe("canceled");
  });

  it("meters each answer in the org's usage, by model, reviewed or not", async () => {
    const { wf } = await reviewedWorkflow(false);
    expect((await waitForRun(owner, await startRun(owner, wf), terminal)).status).toBe("completed");
    const usage = await jsonOf(await call("/api/v1/usage", { token: owner.token }));
    // Three answers in this org (approved, rejected, unreviewed): tokens were spent for each.
    expect(usage.totals.llm_calls).toBe(3);
    expect(usage.by_model).toEqual([
      expect.objectContaining({ model: "gpt-4o-mini", calls: 3, tokens_in: 36, tokens_out: 24 }),
    ]);
  });

  it("meters both completions of an answer that failed the output schema", async () => {
    // An org of its own: its usage is only this run's.
    const org = await registerOrg("llm-invalid");
    const key = uniqueKey("llminvalid");
    const conn = await call("/api/v1/connections", {
      token: org.token,
      body: {
        name: `LLM ${key}`,
        base_url: `${fixture()}/llm/${key}/badalways/v1`,
        credentials: { type: "bearer", token: API_KEY },
      },
    });
    expect(conn.status).toBe(201);
    const wf = await publishWorkflow(org, {
      nodes: [
        {
          id: "extract",
          type: "llm",
          config: {
            connection_id: (await jsonOf(conn)).id,
            model: "gpt-4o-mini",
            messages: [{ role: "user", content: "Answer in JSON" }],
            output_schema: { type: "object", required: ["answer"], properties: { answer: { type: "string" } } },
          },
        },
      ],
      edges: [],
    });
    const runId = await startRun(org, wf);
    expect((await waitForRun(org, runId, terminal)).status).toBe("failed");
    const step = (await getSteps(org, runId)).find((s) => s.node_id === "extract");
    expect(step.error_code).toBe("llm_output_invalid");
    expect(await fixtureRequests(key)).toHaveLength(2);

    const usage = await jsonOf(await call("/api/v1/usage", { token: org.token }));
    expect(usage.totals.llm_calls).toBe(2);
    expect(usage.by_model).toEqual([
      expect.objectContaining({ model: "gpt-4o-mini", calls: 2, tokens_in: 24, tokens_out: 16 }),
    ]);
  });
});
