import { describe, expect, it } from "vitest";
import { StepOutcome } from "./outcomes";

describe("StepOutcome", () => {
  it("accepts each outcome an executor can report", () => {
    const ok = [
      { kind: "succeeded", output: { id: 1 } },
      { kind: "succeeded", output: null },
      { kind: "failed", error: { code: "network_blocked", message_human: "Blocked", retryable: false } },
      { kind: "wait", wait: { reason: "timer", resume_at: 5 } },
      { kind: "wait", wait: { reason: "approval", timeout_at: 9, on_timeout: "approve", request: { message: "ok?" } } },
      {
        kind: "wait",
        wait: { reason: "event", event_name: "payment.done", correlation_key: "o-1", on_timeout: "continue" },
      },
      { kind: "wait", wait: { reason: "child", child_run_id: "run_2" } },
    ];
    for (const value of ok) expect(StepOutcome.safeParse(value).success).toBe(true);
  });

  it("rejects malformed reports instead of guessing", () => {
    const bad = [
      { kind: "done" },
      { kind: "failed", error: { code: "x" } },
      { kind: "wait", wait: { reason: "timer" } },
      { kind: "wait", wait: { reason: "approval", on_timeout: "continue" } },
      { kind: "wait", wait: { reason: "event", event_name: "" } },
      { kind: "wait", wait: { reason: "concurrency" } },
    ];
    for (const value of bad) expect(StepOutcome.safeParse(value).success).toBe(false);
  });
});
