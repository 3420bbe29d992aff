import { describe, expect, it } from "vitest";
import { elapsedMs, formatDuration, runDurationText } from "./timing";

const at = (iso: string) => Date.parse(iso);

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [850, "850 ms"],
    [1_500, "1.5 s"],
    [4_000, "4 s"],
    [42_900, "42 s"],
    [60_000, "1 min"],
    [185_000, "3 min 5 s"],
    [3_600_000, "1 h"],
    [7_800_000, "2 h 10 min"],
    [97_200_000, "1 d 3 h"],
  ])("%i ms reads as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("shows a dash for missing, negative (clock skew) or broken values", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(-5)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });
});

describe("elapsedMs and runDurationText", () => {
  const now = at("2026-01-15T10:01:00.000Z");

  it("measures finished spans between their timestamps", () => {
    expect(elapsedMs("2026-01-15T10:00:00.000Z", "2026-01-15T10:00:02.500Z", now)).toBe(2_500);
  });

  it("counts a live span up to now, and a never-started one as nothing", () => {
    expect(elapsedMs("2026-01-15T10:00:00.000Z", null, now)).toBe(60_000);
    expect(elapsedMs(null, null, now)).toBeNull();
    expect(elapsedMs("not a date", null, now)).toBeNull();
  });

  it("describes a run's duration, live or finished", () => {
    expect(runDurationText({ started_at: "2026-01-15T10:00:55.000Z", completed_at: null }, now)).toBe("5 s");
    expect(
      runDurationText({ started_at: "2026-01-15T10:00:00.000Z", completed_at: "2026-01-15T10:00:00.120Z" }, now),
    ).toBe("120 ms");
    expect(runDurationText({ started_at: null, completed_at: "2026-01-15T10:00:00.000Z" }, now)).toBe("—");
  });
});
