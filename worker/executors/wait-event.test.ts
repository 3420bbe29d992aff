import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { fakeServices, NOW, testInput, testNode } from "./test-fixtures";

const { services } = fakeServices();

describe("wait_event executor", () => {
  it("waits for the named event with the rendered correlation key and timeout", async () => {
    const node = testNode("wait_event", {
      event_name: "order.paid",
      correlation_key: "order-{{ input.user_id }}",
      timeout_ms: 60_000,
      on_timeout: "continue",
    });
    const result = await executeStep(testInput(node), services);
    expect(result.outcome).toEqual({
      kind: "wait",
      wait: {
        reason: "event",
        event_name: "order.paid",
        correlation_key: "order-42",
        timeout_at: NOW + 60_000,
        on_timeout: "continue",
      },
    });
    expect(result.data_in).toEqual({
      event_name: "order.paid",
      correlation_key: "order-42",
      timeout_at: NOW + 60_000,
      on_timeout: "continue",
    });
  });

  it("waits for any event of that name when no key is configured", async () => {
    const { outcome } = await executeStep(testInput(testNode("wait_event", { event_name: "deploy.done" })), services);
    expect(outcome).toEqual({ kind: "wait", wait: { reason: "event", event_name: "deploy.done", on_timeout: "fail" } });
  });

  it("refuses to wait with an empty key, which would match any event", async () => {
    const node = testNode("wait_event", { event_name: "order.paid", correlation_key: "{{ input.nothing }}" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "invalid_correlation_key", retryable: false } });
  });
});
