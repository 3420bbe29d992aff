import { describe, expect, it } from "vitest";
import { parseUntil } from "./delay";
import { executeStep } from "./index";
import { fakeServices, NOW, testContext, testInput, testNode } from "./test-fixtures";

const { services } = fakeServices();

describe("parseUntil", () => {
  it("reads ISO 8601 with or without a zone (none means UTC), and epoch milliseconds", () => {
    expect(parseUntil("2026-01-15T11:00:00Z")).toBe(Date.UTC(2026, 0, 15, 11));
    expect(parseUntil("2026-01-15T11:00:00")).toBe(Date.UTC(2026, 0, 15, 11));
    expect(parseUntil("2026-01-15 11:00")).toBe(Date.UTC(2026, 0, 15, 11));
    expect(parseUntil("2026-01-15T13:00:00+0200")).toBe(Date.UTC(2026, 0, 15, 11));
    expect(parseUntil("2026-01-15T11:00:00.5z")).toBe(Date.UTC(2026, 0, 15, 11, 0, 0, 500));
    expect(parseUntil("2026-01-16")).toBe(Date.UTC(2026, 0, 16));
    expect(parseUntil(Date.UTC(2026, 0, 16))).toBe(Date.UTC(2026, 0, 16));
  });

  it("refuses anything else", () => {
    for (const value of ["tomorrow", "2026-13-01T00:00:00Z", "15/01/2026", "", null, {}, -1, Number.NaN]) {
      expect(parseUntil(value)).toBeNull();
    }
  });
});

describe("delay executor", () => {
  it("waits on a timer for duration_ms", async () => {
    const result = await executeStep(testInput(testNode("delay", { duration_ms: 60_000 })), services);
    expect(result.outcome).toEqual({ kind: "wait", wait: { reason: "timer", resume_at: NOW + 60_000 } });
    expect(result.data_in).toEqual({ duration_ms: 60_000 });
  });

  it("waits until a rendered time, and succeeds at once when that time has passed", async () => {
    const context = testContext({ input: { at: "2026-01-15T12:00:00Z", past: "2020-01-01T00:00:00Z" } });
    const future = await executeStep(testInput(testNode("delay", { until: "{{ input.at }}" }), { context }), services);
    expect(future.outcome).toEqual({ kind: "wait", wait: { reason: "timer", resume_at: Date.UTC(2026, 0, 15, 12) } });
    const past = await executeStep(testInput(testNode("delay", { until: "{{ input.past }}" }), { context }), services);
    expect(past.outcome).toEqual({ kind: "succeeded", output: { resumed_at: NOW } });
    const zero = await executeStep(testInput(testNode("delay", { duration_ms: 0 })), services);
    expect(zero.outcome).toEqual({ kind: "succeeded", output: { resumed_at: NOW } });
  });

  it("fails with invalid_delay, not retried, for a time it cannot read", async () => {
    const node = testNode("delay", { until: "{{ input.name }}" }, { name: "Wait until launch" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "invalid_delay", retryable: false } });
    if (outcome.kind === "failed") {
      expect(outcome.error.message_human).toBe(
        "Step “Wait until launch”: “Ada” is not a date and time (use ISO 8601, e.g. 2026-01-15T10:30:00Z)",
      );
    }
  });
});
