import { describe, expect, it } from "vitest";
import { DEFAULT_DISABLE_POLICY, formatDuration, shouldAutoDisable } from "./health";

const HOUR = 3600_000;
const T0 = Date.parse("2026-01-15T00:00:00Z");

describe("shouldAutoDisable", () => {
  const policy = DEFAULT_DISABLE_POLICY;

  it("disables after 24 h of failures with at least 10 attempts, and says why", () => {
    const decision = shouldAutoDisable({ failingSince: T0, consecutiveFailures: 12 }, policy, T0 + 24 * HOUR);
    expect(decision.disable).toBe(true);
    if (decision.disable) {
      expect(decision.reason).toContain("24 hours");
      expect(decision.reason).toContain("12 attempts");
      expect(decision.reason).toContain("2026-01-15T00:00:00.000Z");
    }
  });

  it("waits while the streak is shorter than the period or has too few attempts", () => {
    expect(shouldAutoDisable({ failingSince: T0, consecutiveFailures: 50 }, policy, T0 + 23 * HOUR).disable).toBe(
      false,
    );
    expect(shouldAutoDisable({ failingSince: T0, consecutiveFailures: 9 }, policy, T0 + 48 * HOUR).disable).toBe(false);
    expect(shouldAutoDisable({ failingSince: null, consecutiveFailures: 0 }, policy, T0).disable).toBe(false);
  });
});

describe("formatDuration", () => {
  it("picks the largest whole unit", () => {
    expect(formatDuration(24 * HOUR)).toBe("24 hours");
    expect(formatDuration(72 * HOUR)).toBe("3 days");
    expect(formatDuration(90 * 60_000)).toBe("90 minutes");
    expect(formatDuration(1000)).toBe("1 second");
    expect(formatDuration(45_000)).toBe("45 seconds");
  });
});
