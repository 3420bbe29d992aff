import { describe, expect, it } from "vitest";
import { effectiveLabels } from "./protocol";
import { completionOutcome, isClaimable, labelsSatisfy, leaseSeconds, runnerLogLines, runnerStatus } from "./rules";
import { externalLogEntries } from "./run-logs";

const NOW = Date.UTC(2026, 0, 15, 10, 30);

describe("runner status", () => {
  it("is never_seen before the first call, online within two leases, offline after", () => {
    expect(runnerStatus(null, NOW, 30)).toBe("never_seen");
    expect(runnerStatus(NOW - 59_000, NOW, 30)).toBe("online");
    expect(runnerStatus(NOW - 61_000, NOW, 30)).toBe("offline");
  });

  it("reads the lease from the variable and falls back to 30 s on nonsense", () => {
    expect(leaseSeconds("4")).toBe(4);
    expect(leaseSeconds(undefined)).toBe(30);
    expect(leaseSeconds("0")).toBe(30);
    expect(leaseSeconds("abc")).toBe(30);
  });
});

describe("labels", () => {
  it("needs every task label on the runner; a task without labels fits any runner", () => {
    expect(labelsSatisfy(["ansible"], ["ansible", "linux"])).toBe(true);
    expect(labelsSatisfy(["ansible", "gpu"], ["ansible", "linux"])).toBe(false);
    expect(labelsSatisfy([], [])).toBe(true);
  });

  it("limits what a runner asks for to the labels it was registered with", () => {
    expect(effectiveLabels(["linux"], ["linux", "gpu"])).toEqual(["linux"]);
    expect(effectiveLabels([], ["linux", "gpu"])).toEqual(["linux", "gpu"]);
  });
});

describe("claimability", () => {
  it("offers pending tasks and tasks whose lease ran out, never a live lease or a finished task", () => {
    expect(isClaimable({ status: "pending", leaseExpiresAt: null }, NOW)).toBe(true);
    expect(isClaimable({ status: "leased", leaseExpiresAt: NOW - 1 }, NOW)).toBe(true);
    expect(isClaimable({ status: "leased", leaseExpiresAt: NOW + 1_000 }, NOW)).toBe(false);
    expect(isClaimable({ status: "succeeded", leaseExpiresAt: null }, NOW)).toBe(false);
    expect(isClaimable({ status: "canceled", leaseExpiresAt: NOW - 1 }, NOW)).toBe(false);
  });
});

describe("completion", () => {
  it("succeeds on exit 0 with the exit code and the output's tail", () => {
    expect(completionOutcome({ exit_code: 0, duration_ms: 1200, stdout_tail: "done\n" })).toEqual({
      kind: "succeeded",
      output: { exit_code: 0, duration_ms: 1200, stdout_tail: "done\n" },
    });
  });

  it("fails a non-zero exit with a clear, non-retryable error", () => {
    const outcome = completionOutcome({ exit_code: 3, duration_ms: 10 });
    expect(outcome.kind).toBe("failed");
    if (outcome.kind !== "failed") return;
    expect(outcome.error.code).toBe("runner_exit_nonzero");
    expect(outcome.error.message_human).toBe("The command exited with code 3");
    expect(outcome.error.retryable).toBe(false);
  });

  it("says a killed-on-timeout process timed out", () => {
    const outcome = completionOutcome({ exit_code: 137, duration_ms: 5_000, timed_out: true });
    expect(outcome.kind === "failed" && outcome.error.code).toBe("runner_timeout");
  });
});

describe("runner log lines", () => {
  it("turns output into runner-domain log lines: stderr warns, long lines are cut, future times are clamped", () => {
    const lines = runnerLogLines(
      "deploy",
      [
        { stream: "stdout", line: "hello", at: NOW - 5 },
        { stream: "stderr", line: "x".repeat(5_000), at: NOW + 60_000 },
      ],
      NOW,
    );
    expect(lines[0]).toEqual({
      ts: NOW - 5,
      level: "ok",
      domain: "runner",
      message_human: "hello",
      details_tech: "stdout",
      step_id: "deploy",
    });
    expect(lines[1]?.level).toBe("warn");
    expect(lines[1]?.ts).toBe(NOW);
    expect(lines[1]?.message_human.length).toBe(4_001);
  });

  it("builds the live event for each line and ignores a malformed batch", () => {
    const entries = externalLogEntries("deploy", JSON.stringify([{ stream: "stdout", line: "hi" }]), NOW);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.event).toEqual({
      node_id: "deploy",
      domain: "runner",
      stream: "stdout",
      level: "ok",
      message: "hi",
      ts: NOW,
    });
    expect(externalLogEntries("deploy", "not json", NOW)).toEqual([]);
    expect(externalLogEntries("deploy", JSON.stringify([{ stream: "nope", line: 1 }]), NOW)).toEqual([]);
  });
});
