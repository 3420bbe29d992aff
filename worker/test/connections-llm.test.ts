/**
 * The `llm` step against the fixture's OpenAI-compatible `/v1/chat/completions`, through a real connection, the
 * run object's services (network policy, connection resolution) and `executeStep`'s redaction: tokens and cost
 * are recorded, a schema mismatch is retried once then failed, and the API key shows up nowhere.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { servicesFor } from "../durable/run-executor";
import type { RunRecord } from "../durable/run-store";
import { executeStep } from "../executors";
import { testInput, testNode } from "../executors/test-fixtures";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import { fixture, fixtureRequests, uniqueKey } from "./run-helpers";

const API_KEY = "sk-fixture-llm-key-0123456789abcdef";
let owner: Session;
beforeAll(async () => {
  owner = await registerOrg("llm");
});

/** A bearer connection to the fixture's fake provider; `mode` programs its answers (ok | badfirst | badalways). */
async function llmConnection(mode: string): Promise<{ id: string; key: string }> {
  const key = uniqueKey(`llm${mode}`);
  const res = await call("/api/v1/connections", {
    token: owner.token,
    body: {
      name: `LLM ${key}`,
      base_url: `${fixture()}/llm/${key}/${mode}/v1`,
      credentials: { type: "bearer", token: API_KEY },
    },
  });
  expect(res.status).toBe(201);
  return { id: (await jsonOf(res)).id, key };
}

function run(connectionId: string, config: Record<string, unknown> = {}) {
  const node = testNode("llm", {
    connection_id: connectionId,
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "What is {{ input.question }}?" }],
    ...config,
  } as never);
  const input = testInput(node, {
    context: { input: { question: "six times seven" }, steps: {}, vars: {}, run: testInput(node).context.run },
  });
  input.run.org_id = owner.orgId;
  const record = { run_id: input.run.id, org_id: owner.orgId } as RunRecord;
  return executeStep({ ...input, now: Date.now(), deadline: Date.now() + 30_000 }, servicesFor(env, record));
}

describe("llm step against a fake OpenAI-compatible server", () => {
  it("completes, records tokens and cost, and sends the key only to the provider", async () => {
    const conn = await llmConnection("ok");
    const result = await run(conn.id, { temperature: 0 });
    expect(result.outcome).toMatchObject({
      kind: "succeeded",
      output: {
        content: "Hello from gpt-4o-mini",
        usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
        model: "gpt-4o-mini",
        cost_usd: 0.000007,
        price_known: true,
      },
    });
    const [seen] = await fixtureRequests(conn.key);
    expect(seen?.path).toBe(`/llm/${conn.key}/ok/v1/chat/completions`);
    expect(seen?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(JSON.parse(seen?.body ?? "{}")).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0,
      messages: [{ role: "user", content: "What is six times seven?" }],
    });
    expect(JSON.stringify([result.data_in, result.data_out])).not.toContain(API_KEY);
  });

  it("retries a structured answer that isn't JSON once, then parses the corrected one", async () => {
    const conn = await llmConnection("badfirst");
    const schema = { type: "object", required: ["answer"], properties: { answer: { type: "string" } } };
    const result = await run(conn.id, { output_schema: schema });
    expect(result.outcome).toMatchObject({
      kind: "succeeded",
      output: { parsed: { answer: "42" }, usage: { total_tokens: 40 } },
    });
    expect(await fixtureRequests(conn.key)).toHaveLength(2);
  });

  it("fails with llm_output_invalid, not retried, when the corrected answer still misses the schema", async () => {
    const conn = await llmConnection("badalways");
    const schema = { type: "object", required: ["answer"], properties: { answer: { type: "string" } } };
    const result = await run(conn.id, { output_schema: schema });
    expect(result.outcome).toMatchObject({ kind: "failed", error: { code: "llm_output_invalid", retryable: false } });
    if (result.outcome.kind === "failed") {
      expect(result.outcome.error.message_human).toContain(
        "did not match the output schema, even after one correction",
      );
      expect(JSON.stringify(result.outcome.error)).not.toContain(API_KEY);
    }
    const requests = await fixtureRequests(conn.key);
    expect(requests).toHaveLength(2);
    expect(JSON.parse(requests[1]!.body).messages.at(-1).content).toContain("rejected");
  });
});
