import { describe, expect, it } from "vitest";
import { StepFailure } from "../engine/run/errors";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";
import type { StepToolCallRequest, StepToolCallResult } from "./types";

const addNode = () =>
  testNode(
    "mcp_tool",
    { server_label: "calc", tool: "add", arguments: { a: "{{ input.amount }}", b: 2, label: "for {{ input.name }}" } },
    { name: "Add numbers" },
  );

function toolServices(answer: (req: StepToolCallRequest) => StepToolCallResult | Promise<StepToolCallResult>) {
  const requests: StepToolCallRequest[] = [];
  const { services, calls } = fakeServices({
    callTool: async (req) => {
      requests.push(req);
      return answer(req);
    },
  });
  return { services, calls, requests };
}

const ok = (structured: unknown, is_error = false): StepToolCallResult => ({
  kind: "ok",
  content: [{ type: "text", text: is_error ? "division by zero" : JSON.stringify(structured) }],
  structured,
  is_error,
  duration_ms: 12,
});

describe("mcp_tool executor", () => {
  it("renders the arguments, calls the tool and succeeds with its answer", async () => {
    const { services, requests } = toolServices(() => ok({ sum: 252 }));
    const result = await executeStep(testInput(addNode()), services);
    expect(requests).toEqual([
      {
        node_id: "step_a",
        server_label: "calc",
        tool: "add",
        arguments: { a: 250, b: 2, label: "for Ada" },
        deadline: testInput(addNode()).deadline,
      },
    ]);
    expect(result.outcome).toEqual({
      kind: "succeeded",
      output: { content: [{ type: "text", text: '{"sum":252}' }], structured: { sum: 252 }, is_error: false },
    });
    expect(result.data_in).toEqual({
      server_label: "calc",
      tool: "add",
      arguments: { a: 250, b: 2, label: "for Ada" },
    });
  });

  it("fails with tool_error, not retried, when the tool reports an error", async () => {
    const { services } = toolServices(() => ok(null, true));
    const result = await executeStep(testInput(addNode()), services);
    expect(result.outcome).toMatchObject({
      kind: "failed",
      error: {
        code: "tool_error",
        retryable: false,
        message_human: "Step “Add numbers”: the tool calc/add reported an error: division by zero",
      },
    });
  });

  it("waits for approval with the tool and its arguments when a policy asks", async () => {
    const { services } = toolServices(() => ({
      kind: "ask",
      tool_key: "calc/add",
      reason: "A org policy (calc/*) asks for approval before calc/add runs",
    }));
    const result = await executeStep(testInput(addNode()), services);
    expect(result.outcome).toEqual({
      kind: "wait",
      wait: {
        reason: "approval",
        on_approve: { kind: "execute" },
        request: {
          message:
            "Step “Add numbers” wants to call calc/add. A org policy (calc/*) asks for approval before calc/add runs.",
          kind: "tool_call",
          tool_key: "calc/add",
          server_label: "calc",
          tool: "add",
          arguments: { a: 250, b: 2, label: "for Ada" },
        },
      },
    });
  });

  it("calls as approved once a person approved the gate", async () => {
    const { services, requests } = toolServices((req) =>
      req.approved ? ok({ sum: 252 }) : { kind: "ask", tool_key: "calc/add", reason: "asks" },
    );
    const input = testInput(addNode(), { approval: { by: "usr_ana", comment: null } });
    const result = await executeStep(input, services);
    expect(requests[0]?.approved).toEqual({ by: "usr_ana" });
    expect(result.outcome.kind).toBe("succeeded");
  });

  it("fails instead of asking twice when an approved call still gets ask", async () => {
    const { services } = toolServices(() => ({ kind: "ask", tool_key: "calc/add", reason: "asks" }));
    const result = await executeStep(testInput(addNode(), { approval: { by: "usr_ana", comment: null } }), services);
    expect(result.outcome).toMatchObject({ kind: "failed", error: { code: "tool_approval_loop", retryable: false } });
  });

  it("fails with the refusal's code and message (deny, not whitelisted, rate limited)", async () => {
    for (const [code, retryable] of [
      ["tool_denied", false],
      ["tool_not_allowed", false],
      ["tool_rate_limited", true],
    ] as const) {
      const { services } = toolServices(() => {
        throw new StepFailure({ code, message_human: `refused: ${code}`, retryable });
      });
      const result = await executeStep(testInput(addNode()), services);
      expect(result.outcome).toEqual({
        kind: "failed",
        error: { code, message_human: `refused: ${code}`, retryable },
      });
    }
  });

  it("previews in a dry run without calling the tool", async () => {
    const { services, requests } = toolServices(() => ok({ sum: 0 }));
    const input = testInput(addNode(), {
      run: { ...testInput(addNode()).run, dry_run: true },
    });
    const result = await executeStep(input, services);
    expect(requests).toEqual([]);
    expect(result.outcome).toEqual({
      kind: "succeeded",
      output: {
        dry_run: true,
        preview: { server_label: "calc", tool: "add", arguments: { a: 250, b: 2, label: "for Ada" } },
      },
    });
  });

  it("fails with not_available where tools are not bound, and on a broken argument expression", async () => {
    const { services } = fakeServices();
    const result = await executeStep(testInput(addNode()), services);
    expect(result.outcome).toMatchObject({ kind: "failed", error: { code: "not_available", retryable: false } });

    const broken = testNode("mcp_tool", { server_label: "calc", tool: "add", arguments: { a: "{{ $nope( }}" } });
    const failedRender = await executeStep(testInput(broken), toolServices(() => ok({})).services);
    expect(failedRender.outcome).toMatchObject({ kind: "failed", error: { retryable: false } });
    expect(failedRender.outcome.kind === "failed" && failedRender.outcome.error.code).toMatch(/^expression_/);
  });
});
