import { describe, expect, it } from "vitest";
import { barPercent, fillDays, formatCount, formatUsd, parsePeriod, periodRange } from "./usage-view";

describe("period", () => {
  it("turns the picked period into the API window ending now", () => {
    const now = Date.UTC(2026, 0, 31, 10);
    expect(periodRange(7, now)).toEqual({ from: Date.UTC(2026, 0, 24, 10), to: now });
    expect(periodRange(90, now).from).toBe(now - 90 * 86_400_000);
  });

  it("reads the period from the URL, 30 days otherwise", () => {
    expect(parsePeriod("7")).toBe(7);
    expect(parsePeriod("90")).toBe(90);
    expect(parsePeriod("365")).toBe(30);
    expect(parsePeriod(null)).toBe(30);
  });
});

describe("formatting", () => {
  it("shows costs in dollars, small ones with four decimals", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(12.345)).toBe("$12.35");
    expect(formatUsd(0.0123)).toBe("$0.01");
    expect(formatUsd(0.00042)).toBe("$0.0004");
    expect(formatUsd(0.00000001)).toBe("< $0.0001");
  });

  it("groups thousands", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
  });

  it("scales bars to the largest value and keeps tiny ones visible", () => {
    expect(barPercent(5, 10)).toBe(50);
    expect(barPercent(10, 10)).toBe(100);
    expect(barPercent(1, 1000)).toBe(1);
    expect(barPercent(0, 10)).toBe(0);
    expect(barPercent(3, 0)).toBe(0);
  });
});

describe("fillDays", () => {
  it("lists every day of the window with zeros where nothing happened", () => {
    const days = fillDays(
      [{ day: "2026-01-02", runs: 3, cost_usd: 0.5, tool_calls: 7 }],
      Date.UTC(2026, 0, 1, 15),
      Date.UTC(2026, 0, 3, 9),
    );
    expect(days).toEqual([
      { day: "2026-01-01", runs: 0, cost_usd: 0, tool_calls: 0 },
      { day: "2026-01-02", runs: 3, cost_usd: 0.5, tool_calls: 7 },
      { day: "2026-01-03", runs: 0, cost_usd: 0, tool_calls: 0 },
    ]);
  });

  it("keeps only the API's rows for a window too large to fill, sorted", () => {
    const rows = [
      { day: "2026-03-01", runs: 1, cost_usd: 0, tool_calls: 0 },
      { day: "2025-01-01", runs: 2, cost_usd: 0, tool_calls: 0 },
    ];
    expect(fillDays(rows, 0, Date.UTC(2026, 0, 1)).map((d) => d.day)).toEqual(["2025-01-01", "2026-03-01"]);
  });
});
