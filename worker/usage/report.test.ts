import { describe, expect, it } from "vitest";
import { buildUsageReport, microToUsd, usdToMicro } from "./report";

describe("buildUsageReport", () => {
  it("sums LLM and tool usage, per model, per tool and per day", () => {
    const report = buildUsageReport(
      { from: 0, to: 100 },
      {
        keys: [
          { kind: "llm", key: "gpt-4o-mini", calls: 3, tokens_in: 300, tokens_out: 90, cost_micro_usd: 1_250 },
          { kind: "tool", key: "gh/issues", calls: 2, tokens_in: 0, tokens_out: 0, cost_micro_usd: 0 },
          { kind: "tool", key: "builtin/json_query", calls: 5, tokens_in: 0, tokens_out: 0, cost_micro_usd: 0 },
        ],
        days: [
          { day: "2026-11-02", kind: "tool", calls: 7, cost_micro_usd: 0 },
          { day: "2026-11-01", kind: "llm", calls: 3, cost_micro_usd: 1_250 },
        ],
        runDays: [{ day: "2026-11-03", runs: 4 }],
      },
    );
    expect(report.totals).toEqual({
      runs: 4,
      llm_calls: 3,
      tokens_in: 300,
      tokens_out: 90,
      cost_usd: 0.00125,
      tool_calls: 7,
    });
    expect(report.by_model).toEqual([
      { model: "gpt-4o-mini", calls: 3, tokens_in: 300, tokens_out: 90, cost_usd: 0.00125 },
    ]);
    expect(report.by_tool.map((t) => t.tool_key)).toEqual(["builtin/json_query", "gh/issues"]);
    expect(report.by_day).toEqual([
      { day: "2026-11-01", runs: 0, cost_usd: 0.00125, tool_calls: 0 },
      { day: "2026-11-02", runs: 0, cost_usd: 0, tool_calls: 7 },
      { day: "2026-11-03", runs: 4, cost_usd: 0, tool_calls: 0 },
    ]);
  });

  it("is all zeros for an empty window", () => {
    const report = buildUsageReport({ from: 5, to: 6 }, { keys: [], days: [], runDays: [] });
    expect(report).toMatchObject({ from: 5, to: 6, by_model: [], by_tool: [], by_day: [] });
    expect(report.totals.cost_usd).toBe(0);
  });
});

describe("micro-USD conversion", () => {
  it("rounds to the micro-dollar and ignores negative or missing costs", () => {
    expect(usdToMicro(0.0000125)).toBe(13);
    expect(usdToMicro(undefined)).toBe(0);
    expect(usdToMicro(-1)).toBe(0);
    expect(usdToMicro(Number.NaN)).toBe(0);
    expect(microToUsd(1_500_000)).toBe(1.5);
  });
});
