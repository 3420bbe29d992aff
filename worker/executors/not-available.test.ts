import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";

describe("mcp_tool executor", () => {
  it("fails at once, clearly and without retry, and calls nothing", async () => {
    const { services, calls } = fakeServices();
    const tool = testNode("mcp_tool", { server_label: "github", tool: "create_issue" });
    const toolResult = await executeStep(testInput(tool), services);
    expect(toolResult.outcome).toMatchObject({ kind: "failed", error: { code: "not_available", retryable: false } });
    expect(calls).toEqual({ fetch: [], childRuns: [], events: [], artifacts: [] });
  });
});
