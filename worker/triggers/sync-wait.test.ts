import { describe, expect, it } from "vitest";
import { isTerminal, MAX_POLL_MS, waitForTerminal } from "./sync-wait";

/** A fake clock: sleeping advances it, and the run's status follows a script of (time → status). */
function fakeRun(script: [number, string][]) {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    deps: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      status: async () => [...script].reverse().find(([at]) => at <= now)?.[1] ?? "queued",
    },
  };
}

describe("waitForTerminal", () => {
  it("returns the terminal status once the run finishes", async () => {
    const run = fakeRun([
      [0, "running"],
      [300, "completed"],
    ]);
    expect(await waitForTerminal(run.deps, 5_000)).toBe("completed");
    expect(Math.max(...run.sleeps)).toBeLessThanOrEqual(MAX_POLL_MS);
  });

  it("gives up at the deadline without sleeping past it", async () => {
    const run = fakeRun([[0, "running"]]);
    expect(await waitForTerminal(run.deps, 1_000)).toBeNull();
    expect(run.sleeps.reduce((a, b) => a + b, 0)).toBe(1_000);
  });

  it("returns at once for a run that already finished (a repeated idempotent call)", async () => {
    const run = fakeRun([[0, "failed"]]);
    expect(await waitForTerminal(run.deps, 1_000)).toBe("failed");
    expect(run.sleeps).toEqual([]);
  });
});

describe("isTerminal", () => {
  it("knows the three terminal states", () => {
    expect(["completed", "failed", "canceled"].every(isTerminal)).toBe(true);
    expect(["queued", "running", "waiting", "paused"].some(isTerminal)).toBe(false);
  });
});
