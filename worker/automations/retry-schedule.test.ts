import { describe, expect, it } from "vitest";
import {
  attemptsPerRound,
  DEFAULT_RETRY_DELAYS_S,
  decideAfterFailure,
  isSuccessStatus,
  parseRetryDelays,
} from "./retry-schedule";

const NOW = 1_700_000_000_000;

describe("the default schedule", () => {
  it("is immediate, then 60, 300, 900, 3600 and 21600 s: six attempts", () => {
    expect(DEFAULT_RETRY_DELAYS_S).toEqual([60, 300, 900, 3600, 21_600]);
    expect(attemptsPerRound(DEFAULT_RETRY_DELAYS_S)).toBe(6);
    const waits = [1, 2, 3, 4, 5].map((n) => decideAfterFailure(n, DEFAULT_RETRY_DELAYS_S, NOW));
    expect(waits.map((d) => (d.kind === "retry" ? d.delaySeconds : null))).toEqual([60, 300, 900, 3600, 21_600]);
    expect(decideAfterFailure(1, DEFAULT_RETRY_DELAYS_S, NOW)).toEqual({
      kind: "retry",
      delaySeconds: 60,
      nextAttemptAt: NOW + 60_000,
    });
  });

  it("gives up after the sixth attempt", () => {
    expect(decideAfterFailure(6, DEFAULT_RETRY_DELAYS_S, NOW)).toEqual({ kind: "give_up" });
    expect(decideAfterFailure(7, DEFAULT_RETRY_DELAYS_S, NOW)).toEqual({ kind: "give_up" });
    expect(decideAfterFailure(0, DEFAULT_RETRY_DELAYS_S, NOW)).toEqual({ kind: "give_up" });
  });
});

describe("parseRetryDelays", () => {
  it("reads a comma-separated list of seconds", () => {
    expect(parseRetryDelays("1, 2,3")).toEqual({ delays: [1, 2, 3], warning: null });
    expect(parseRetryDelays("0")).toEqual({ delays: [0], warning: null });
  });

  it("uses the default when unset", () => {
    expect(parseRetryDelays(undefined)).toEqual({ delays: [...DEFAULT_RETRY_DELAYS_S], warning: null });
    expect(parseRetryDelays(" ")).toEqual({ delays: [...DEFAULT_RETRY_DELAYS_S], warning: null });
  });

  it("falls back to the default with a warning for bad values", () => {
    for (const bad of ["60,abc", "-1", "1.5", "50000", "60,,300"]) {
      const parsed = parseRetryDelays(bad);
      expect(parsed.delays).toEqual([...DEFAULT_RETRY_DELAYS_S]);
      expect(parsed.warning).toContain(bad);
    }
  });
});

describe("isSuccessStatus", () => {
  it("is true for 2xx only", () => {
    expect([200, 201, 204, 299].every(isSuccessStatus)).toBe(true);
    expect([199, 301, 404, 500].some(isSuccessStatus)).toBe(false);
  });
});
