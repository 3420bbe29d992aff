import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { fakeServices, NOW, testInput, testNode } from "./test-fixtures";

const { services } = fakeServices();

describe("approval executor", () => {
  it("waits for a decision with the rendered message, approvers, form and timeout", async () => {
    const node = testNode("approval", {
      message: "Refund {{ input.amount }} EUR to {{ input.name }}?",
      approvers: { roles: ["admin"] },
      form_fields: [{ name: "reason", label: "Reason", type: "text" }],
      timeout_ms: 3_600_000,
      on_timeout: "reject",
    });
    const result = await executeStep(testInput(node), services);
    expect(result.outcome).toEqual({
      kind: "wait",
      wait: {
        reason: "approval",
        timeout_at: NOW + 3_600_000,
        on_timeout: "reject",
        request: {
          message: "Refund 250 EUR to Ada?",
          approvers: { roles: ["admin"] },
          form_fields: [{ name: "reason", label: "Reason", type: "text" }],
        },
      },
    });
    expect(result.data_out).toBeNull();
  });

  it("has a default message and no timeout when none is configured", async () => {
    const node = testNode("approval", {}, { name: "Ship it" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toEqual({
      kind: "wait",
      wait: {
        reason: "approval",
        request: { message: "Please review step “Ship it”", approvers: null, form_fields: [] },
      },
    });
  });

  it("asks nobody in a dry run: it succeeds with a preview", async () => {
    const input = testInput(testNode("approval", { message: "OK {{ input.name }}?" }));
    input.run.dry_run = true;
    const { outcome } = await executeStep(input, services);
    expect(outcome).toEqual({
      kind: "succeeded",
      output: { dry_run: true, preview: { request: { message: "OK Ada?", approvers: null, form_fields: [] } } },
    });
  });

  it("fails without retry when the message template fails", async () => {
    const node = testNode("approval", { message: "{{ $substring() }}" }, { name: "Sign off" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { retryable: false } });
    if (outcome.kind === "failed") expect(outcome.error.message_human).toContain("Step “Sign off”: the message");
  });
});
