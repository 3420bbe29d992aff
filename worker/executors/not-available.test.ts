import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";

describe("llm and mcp_tool executors", () => {
  it("fail at once, clearly and without retry, and call nothing", async () => {
    const { services, calls } = fakeServices();
    const llm = testNode("llm", {
      connection_id: "openai",
      model: "gpt-x",
      messages: [{ role: "user", content: "Hi {{ input.name }}" }],
    });
    const llmResult = await executeStep(testInput(llm), services);
    expect(llmResult.outcome).toEqual({
      kind: "failed",
      error: {
        code: "not_available",
        message_human: "LLM steps need a connection; this build can't run them yet",
        message_tech: "llm executor not available (connection_id=openai, model=gpt-x)",
        retryable: false,
      },
    });
    const tool = testNode("mcp_tool", { server_label: "github", tool: "create_issue" });
    const toolResult = await executeStep(testInput(tool), services);
    expect(toolResult.outcome).toMatchObject({ kind: "failed", error: { code: "not_available", retryable: false } });
    expect(calls).toEqual({ fetch: [], childRuns: [], events: [], artifacts: [] });
  });
});
