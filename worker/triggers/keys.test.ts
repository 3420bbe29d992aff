import { describe, expect, it } from "vitest";
import { debounceKey, eventIdempotencyKey, webhookIdempotencyKey } from "./keys";

const T0 = Date.parse("2026-01-01T00:00:00Z");

describe("webhookIdempotencyKey", () => {
  it("scopes the caller's key to the trigger, and gives none without one", () => {
    expect(webhookIdempotencyKey({ triggerId: "trg_1", idempotencyKey: "k", debounceMs: null, nowMs: T0 })).toBe(
      "hook:trg_1:k",
    );
    expect(
      webhookIdempotencyKey({ triggerId: "trg_1", idempotencyKey: undefined, debounceMs: null, nowMs: T0 }),
    ).toBeUndefined();
  });

  it("coalesces every call in a debounce window, whatever key the caller sends", () => {
    const a = webhookIdempotencyKey({ triggerId: "trg_1", idempotencyKey: "a", debounceMs: 60_000, nowMs: T0 + 1 });
    const b = webhookIdempotencyKey({
      triggerId: "trg_1",
      idempotencyKey: "b",
      debounceMs: 60_000,
      nowMs: T0 + 59_999,
    });
    const next = webhookIdempotencyKey({
      triggerId: "trg_1",
      idempotencyKey: "a",
      debounceMs: 60_000,
      nowMs: T0 + 60_000,
    });
    expect(a).toBe(b);
    expect(next).not.toBe(a);
  });
});

describe("eventIdempotencyKey", () => {
  it("is stable per (trigger, source run), so a repeated notification starts nothing new", () => {
    const key = { eventTriggerId: "etr_1", sourceRunId: "run_1", debounceMs: null, nowMs: T0 };
    expect(eventIdempotencyKey(key)).toBe("event:etr_1:run_1");
    expect(eventIdempotencyKey({ ...key, nowMs: T0 + 999_999 })).toBe("event:etr_1:run_1");
    expect(eventIdempotencyKey({ ...key, sourceRunId: "run_2" })).not.toBe("event:etr_1:run_1");
  });

  it("shares one run among source runs finishing in the same debounce window", () => {
    const base = { eventTriggerId: "etr_1", debounceMs: 10_000, nowMs: T0 + 100 };
    expect(eventIdempotencyKey({ ...base, sourceRunId: "run_1" })).toBe(
      eventIdempotencyKey({ ...base, sourceRunId: "run_2" }),
    );
  });
});

describe("debounceKey", () => {
  it("refuses a window that isn't a positive integer", () => {
    expect(() => debounceKey("t", 0, T0)).toThrow(RangeError);
    expect(() => debounceKey("t", 1.5, T0)).toThrow(RangeError);
  });
});
