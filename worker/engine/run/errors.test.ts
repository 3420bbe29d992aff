import { describe, expect, it } from "vitest";
import {
  approvalRejectedError,
  formatDuration,
  invalidBranchOutputError,
  runTimeoutError,
  StepError,
  StepFailure,
  stepTimeoutError,
  toStepError,
  waitTimeoutError,
} from "./errors";

describe("formatDuration", () => {
  it("speaks in the two largest units", () => {
    expect(formatDuration(120_000)).toBe("2 minutes");
    expect(formatDuration(90_000)).toBe("1 minute 30 seconds");
    expect(formatDuration(1_800_000)).toBe("30 minutes");
    expect(formatDuration(3_600_000)).toBe("1 hour");
    expect(formatDuration(90_061_000)).toBe("1 day 1 hour");
    expect(formatDuration(1_000)).toBe("1 second");
    expect(formatDuration(250)).toBe("250 ms");
  });
});

describe("engine errors", () => {
  it("says which step timed out and after how long, and allows a retry", () => {
    const err = stepTimeoutError("Fetch user", 120_000, 1);
    expect(err).toMatchObject({ code: "step_timeout", retryable: true });
    expect(err.message_human).toBe("Step “Fetch user” did not finish within 2 minutes");
  });

  it("fails a run timeout for good", () => {
    expect(runTimeoutError(1_800_000)).toMatchObject({
      code: "run_timeout",
      retryable: false,
      message_human: "The run did not finish within 30 minutes",
    });
  });

  it("names who rejected an approval and why", () => {
    expect(approvalRejectedError("Deploy", "ana@example.com", "not on a Friday").message_human).toBe(
      "Approval “Deploy” was rejected by ana@example.com: not on a Friday",
    );
    expect(approvalRejectedError("Deploy", "ana", "  ").message_human).toContain("(no reason given)");
    expect(approvalRejectedError("Deploy", "ana").retryable).toBe(false);
  });

  it("describes wait timeouts and bad branch outputs", () => {
    expect(waitTimeoutError("wait_timeout", "Wait for payment", 60_000).message_human).toBe(
      "No event for step “Wait for payment” arrived within 1 minute",
    );
    expect(waitTimeoutError("child_timeout", "Sub", 60_000).message_human).toContain("did not finish");
    const bad = invalidBranchOutputError("Check", "condition", { result: "yes" });
    expect(bad).toMatchObject({ code: "invalid_branch_output", retryable: false });
    expect(bad.message_tech).toContain('{"result":"yes"}');
  });
});

describe("toStepError", () => {
  it("keeps a StepFailure's error as thrown", () => {
    const error: StepError = { code: "http_status_4xx", message_human: "Refused", retryable: false };
    expect(toStepError(new StepFailure(error))).toBe(error);
  });

  it("turns an unexpected exception into a retryable `unknown` error with the technical detail", () => {
    expect(toStepError(new TypeError("x is undefined"))).toEqual({
      code: "unknown",
      message_human: "The step failed unexpectedly",
      message_tech: "TypeError: x is undefined",
      retryable: true,
    });
    expect(toStepError("boom").message_tech).toBe("boom");
  });

  it("validates errors reported from outside", () => {
    expect(StepError.safeParse({ code: "x", message_human: "m", retryable: "yes" }).success).toBe(false);
    expect(StepError.safeParse({ code: "x", message_human: "m", retryable: true, retry_after_ms: -1 }).success).toBe(
      false,
    );
  });
});
