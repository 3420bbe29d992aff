import { describe, expect, it } from "vitest";
import type { SafeResponse } from "../net";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";
import type { ResolvedConnection } from "./types";

const SECRET = "sk-test-llm-secret-0123456789";

function response(status: number, body: unknown): SafeResponse {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return {
    status,
    statusText: "",
    ok: status >= 200 && status < 300,
    headers: new Headers({ "content-type": "application/json" }),
    url: "https://llm.example.com/v1/chat/completions",
    redirects: 0,
    body: new TextEncoder().encode(text),
    text: () => text,
    json: () => JSON.parse(text),
  };
}

const completion = (content: string, model = "gpt-4o-mini") => ({
  model,
  choices: [{ index: 0, message: { role: "assistant", content } }],
  usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
});

/** Services whose fetch answers from `answers` in turn and whose connection is a bearer token with a base URL. */
function llmServices(answers: SafeResponse[], connection: Partial<ResolvedConnection & { base_url: string }> = {}) {
  const sent: { url: string; body: any; headers: Record<string, string> }[] = [];
  const { services } = fakeServices({
    fetch: async (url, init) => {
      sent.push({ url, body: JSON.parse(String(init.body)), headers: init.headers as Record<string, string> });
      const next = answers.shift();
      if (!next) throw new Error("no more answers");
      return next;
    },
    resolveConnection: async ({ connection_id }) =>
      connection_id === "openai"
        ? ({
            id: "con_1",
            headers: { Authorization: `Bearer ${SECRET}` },
            secretValues: [SECRET],
            base_url: "https://llm.example.com/v1/",
            ...connection,
          } as ResolvedConnection)
        : null,
  });
  return { services, sent };
}

const node = (config: Record<string, unknown> = {}) =>
  testNode("llm", {
    connection_id: "openai",
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "You are terse." },
      { role: "user", content: "Greet {{ input.name }}" },
    ],
    temperature: 0.2,
    ...config,
  } as never);

describe("llm executor", () => {
  it("posts rendered messages with the connection's credentials and records tokens and cost", async () => {
    const { services, sent } = llmServices([response(200, completion("Hi Ada"))]);
    const result = await executeStep(testInput(node({ max_tokens: 50 })), services);
    expect(result.outcome).toEqual({
      kind: "succeeded",
      output: {
        content: "Hi Ada",
        usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
        model: "gpt-4o-mini",
        cost_usd: 0.00045,
        price_known: true,
      },
    });
    expect(sent[0]?.url).toBe("https://llm.example.com/v1/chat/completions");
    expect(sent[0]?.headers.Authorization).toBe(`Bearer ${SECRET}`);
    expect(sent[0]?.body).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "Greet Ada" },
      ],
      temperature: 0.2,
      max_tokens: 50,
    });
    expect(JSON.stringify([result.data_in, result.data_out])).not.toContain(SECRET);
  });

  it("records cost 0 for a model without a known price, and says so", async () => {
    const { services } = llmServices([response(200, completion("ok", "local-llama"))]);
    const { outcome } = await executeStep(testInput(node({ model: "local-llama" })), services);
    expect(outcome).toMatchObject({
      kind: "succeeded",
      output: { cost_usd: 0, price_known: false, cost_note: expect.stringContaining("local-llama") },
    });
  });

  it("retries once with a correction when the answer misses the output schema, then succeeds", async () => {
    const schema = { type: "object", required: ["answer"], properties: { answer: { type: "string" } } };
    const { services, sent } = llmServices([
      response(200, completion("Sure: 42")),
      response(200, completion('{"answer":"42"}')),
    ]);
    const { outcome } = await executeStep(testInput(node({ output_schema: schema })), services);
    expect(outcome).toMatchObject({
      kind: "succeeded",
      output: { parsed: { answer: "42" }, usage: { total_tokens: 3000 } },
    });
    expect(sent[0]?.body.response_format).toMatchObject({ type: "json_schema", json_schema: { schema } });
    const retry = sent[1]?.body.messages;
    expect(retry.at(-2)).toEqual({ role: "assistant", content: "Sure: 42" });
    expect(retry.at(-1).content).toContain("not JSON");
  });

  it("fails without retry when the answer still misses the schema after the correction", async () => {
    const schema = { type: "object", required: ["answer"] };
    const { services, sent } = llmServices([
      response(200, completion("nope")),
      response(200, completion('{"wrong":true}')),
    ]);
    const { outcome } = await executeStep(testInput(node({ output_schema: schema })), services);
    expect(sent).toHaveLength(2);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "llm_output_invalid", retryable: false } });
    if (outcome.kind === "failed")
      expect(outcome.error.message_human).toMatch(/did not match the output schema.*answer/);
    // What both completions spent, for metering, and nothing of the answer itself.
    expect(outcome).toMatchObject({
      error: {
        details: {
          llm_usage: {
            model: "gpt-4o-mini",
            calls: 2,
            usage: { prompt_tokens: 2000, completion_tokens: 1000, total_tokens: 3000 },
            cost_usd: 0.0009,
            price_known: true,
          },
        },
      },
    });
    if (outcome.kind === "failed") expect(JSON.stringify(outcome.error.details)).not.toContain("wrong");
  });

  it("fails clearly for a missing connection, a missing base URL, a refusal and an unreadable answer", async () => {
    const missing = await executeStep(testInput(node({ connection_id: "nope" })), llmServices([]).services);
    expect(missing.outcome).toMatchObject({ kind: "failed", error: { code: "connection_missing", retryable: false } });

    const noBase = await executeStep(testInput(node()), llmServices([], { base_url: "" }).services);
    expect(noBase.outcome).toMatchObject({ kind: "failed", error: { code: "invalid_request" } });

    const refused = await executeStep(
      testInput(node()),
      llmServices([response(401, { error: `bad key ${SECRET}` })]).services,
    );
    expect(refused.outcome).toMatchObject({ kind: "failed", error: { code: "llm_http_401", retryable: false } });
    expect(JSON.stringify(refused.outcome)).not.toContain(SECRET);

    const limited = await executeStep(testInput(node()), llmServices([response(429, {})]).services);
    expect(limited.outcome).toMatchObject({ kind: "failed", error: { code: "llm_http_429", retryable: true } });

    const garbled = await executeStep(testInput(node()), llmServices([response(200, { choices: [] })]).services);
    expect(garbled.outcome).toMatchObject({ kind: "failed", error: { code: "llm_bad_response" } });
  });

  it("previews in a dry run without calling the model, even with require_approval", async () => {
    const { services, sent } = llmServices([]);
    for (const config of [{}, { require_approval: true }]) {
      const input = testInput(node(config));
      input.run.dry_run = true;
      const preview = await executeStep(input, services);
      expect(preview.outcome).toMatchObject({ kind: "succeeded", output: { dry_run: true } });
    }
    expect(sent).toEqual([]);
  });

  it("with require_approval, calls the model and holds its answer for review", async () => {
    const { services, sent } = llmServices([response(200, completion("Hello Ada"))]);
    const result = await executeStep(testInput(node({ require_approval: true }), { approval: undefined }), services);
    expect(sent).toHaveLength(1);
    expect(result.outcome.kind).toBe("wait");
    if (result.outcome.kind !== "wait" || result.outcome.wait.reason !== "approval") throw new Error("not an approval");
    const { wait } = result.outcome;
    expect(wait.request).toEqual({
      message: "Review the answer of step “step_a” before the run continues",
      kind: "llm_output",
      output: { content: "Hello Ada" },
      model: "gpt-4o-mini",
    });
    // Approving succeeds the step with the answer itself, as if no one had been asked.
    expect(wait.on_approve).toMatchObject({
      kind: "succeed",
      output: { content: "Hello Ada", model: "gpt-4o-mini", usage: { total_tokens: 1500 } },
    });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});
