import { describe, expect, it } from "vitest";
import { stableEventId } from "./idempotency";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";

describe("stableEventId", () => {
  it("is the same for the same run and step, and differs otherwise", async () => {
    const id = await stableEventId("run_1", "notify");
    expect(id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(await stableEventId("run_1", "notify")).toBe(id);
    expect(await stableEventId("run_2", "notify")).not.toBe(id);
    expect(await stableEventId("run_1", "other")).not.toBe(id);
  });
});

describe("emit_event executor", () => {
  it("publishes the rendered payload with a stable event id", async () => {
    const { services, calls } = fakeServices();
    const node = testNode(
      "emit_event",
      { event_type: "order.refunded", payload: { user: "{{ input.user_id }}" } },
      { id: "notify" },
    );
    const { outcome } = await executeStep(testInput(node), services);
    const event_id = await stableEventId("run_1", "notify");
    expect(calls.events).toEqual([
      {
        type: "order.refunded",
        payload: { user: 42 },
        event_id,
        org_id: "org_1",
        correlation_id: "corr_1",
        occurred_at: "2026-01-15T10:30:00.000Z",
      },
    ]);
    expect(outcome).toEqual({ kind: "succeeded", output: { event_id, event_type: "order.refunded" } });
  });

  it("publishes the same event id on a later attempt, so the event is delivered once", async () => {
    const { services, calls } = fakeServices();
    const node = testNode("emit_event", { event_type: "x.y" }, { id: "notify" });
    await executeStep(testInput(node), services);
    await executeStep(testInput(node, { attempt: 2, idempotencyKey: "run_1:notify:2" }), services);
    expect(calls.events[0]?.event_id).toBe(calls.events[1]?.event_id);
  });

  it("publishes nothing in a dry run and previews the event", async () => {
    const { services, calls } = fakeServices();
    const input = testInput(
      testNode("emit_event", { event_type: "x.y", payload: "{{ input.name }}" }, { id: "notify" }),
    );
    input.run.dry_run = true;
    const { outcome } = await executeStep(input, services);
    expect(calls.events).toHaveLength(0);
    expect(outcome).toEqual({
      kind: "succeeded",
      output: {
        dry_run: true,
        preview: { event_id: await stableEventId("run_1", "notify"), event_type: "x.y", payload: "Ada" },
      },
    });
  });

  it("fails as retryable when publishing throws unexpectedly", async () => {
    const { services } = fakeServices({
      publishEvent: async () => {
        throw new Error("queue unavailable");
      },
    });
    const { outcome } = await executeStep(testInput(testNode("emit_event", { event_type: "x.y" })), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "unknown", retryable: true } });
  });
});
