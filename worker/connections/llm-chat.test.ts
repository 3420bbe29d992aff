import { describe, expect, it } from "vitest";
import { chatBody, checkStructured, parseChatAnswer } from "./llm-chat";
import { costOf } from "./llm-pricing";

describe("chat completions wire format", () => {
  it("asks for a JSON schema answer only when there is an output schema", () => {
    const base = { model: "m", messages: [{ role: "user" as const, content: "hi" }] };
    expect(chatBody(base)).toEqual(base);
    expect(chatBody({ ...base, output_schema: { type: "object" } }).response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "output", schema: { type: "object" }, strict: false },
    });
  });

  it("reads content and usage, and refuses an answer without content", () => {
    const answer = parseChatAnswer(
      { choices: [{ message: { content: "x" } }], usage: { prompt_tokens: 3, completion_tokens: 2 } },
      "m",
    );
    expect(answer).toEqual({
      content: "x",
      model: "m",
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
    expect(parseChatAnswer({ choices: [{ message: { content: null } }] }, "m")).toBeNull();
    expect(parseChatAnswer("x", "m")).toBeNull();
  });

  it("accepts fenced JSON that matches, and says what is wrong otherwise", () => {
    const schema = { type: "object", required: ["n"], properties: { n: { type: "number" } } };
    expect(checkStructured('```json\n{"n": 1}\n```', schema)).toEqual({ ok: true, value: { n: 1 } });
    expect(checkStructured("one", schema)).toEqual({ ok: false, problem: "the answer is not JSON" });
    const wrong = checkStructured('{"n": "one"}', schema);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problem).toContain("/n");
  });
});

describe("costOf", () => {
  it("prices known models and their dated snapshots, and unknown ones at 0 with a note", () => {
    const usage = { prompt_tokens: 1_000_000, completion_tokens: 1_000_000, total_tokens: 2_000_000 };
    expect(costOf("gpt-4o", usage)).toEqual({ cost_usd: 12.5, price_known: true });
    expect(costOf("gpt-4o-mini-2024-07-18", usage).cost_usd).toBe(0.75);
    expect(costOf("mystery", usage)).toMatchObject({
      cost_usd: 0,
      price_known: false,
      note: expect.stringContaining("mystery"),
    });
  });
});
