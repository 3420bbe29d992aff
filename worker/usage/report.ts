/** Builds the usage API's report (pure) from grouped sums: totals, per model, per tool and per day. */
import type { UsageReport } from "../contracts/usage";
import type { RunDayRow, UsageDayRow, UsageKeyRow } from "../db/repos/usage";

/** Micro-USD (stored, exact) to USD (shown), rounded to the micro-dollar. */
export function microToUsd(micro: number): number {
  return Math.round(micro) / 1_000_000;
}

/** USD to micro-USD for storage; negative or non-finite costs count as 0. */
export function usdToMicro(usd: number | undefined): number {
  return usd !== undefined && Number.isFinite(usd) && usd > 0 ? Math.round(usd * 1_000_000) : 0;
}

/**
 * The report for `[from, to)`. Days appear when they had runs or usage, in order.
 * @example buildUsageReport({ from, to }, { keys, days, runDays }).totals.tool_calls
 */
export function buildUsageReport(
  window: { from: number; to: number },
  sums: { keys: UsageKeyRow[]; days: UsageDayRow[]; runDays: RunDayRow[] },
): UsageReport {
  const totals = { runs: 0, llm_calls: 0, tokens_in: 0, tokens_out: 0, cost_usd: 0, tool_calls: 0 };
  let costMicro = 0;
  const byModel: UsageReport["by_model"] = [];
  const byTool: UsageReport["by_tool"] = [];
  for (const row of sums.keys) {
    const calls = Number(row.calls) || 0;
    if (row.kind === "llm") {
      totals.llm_calls += calls;
      totals.tokens_in += Number(row.tokens_in) || 0;
      totals.tokens_out += Number(row.tokens_out) || 0;
      byModel.push({
        model: row.key,
        calls,
        tokens_in: Number(row.tokens_in) || 0,
        tokens_out: Number(row.tokens_out) || 0,
        cost_usd: microToUsd(Number(row.cost_micro_usd) || 0),
      });
    } else {
      totals.tool_calls += calls;
      byTool.push({ tool_key: row.key, calls });
    }
    costMicro += Number(row.cost_micro_usd) || 0;
  }
  totals.cost_usd = microToUsd(costMicro);
  const days = new Map<string, { runs: number; cost: number; tool_calls: number }>();
  const dayOf = (day: string) => {
    let entry = days.get(day);
    if (!entry) {
      entry = { runs: 0, cost: 0, tool_calls: 0 };
      days.set(day, entry);
    }
    return entry;
  };
  for (const row of sums.runDays) {
    dayOf(row.day).runs += Number(row.runs) || 0;
    totals.runs += Number(row.runs) || 0;
  }
  for (const row of sums.days) {
    const entry = dayOf(row.day);
    entry.cost += Number(row.cost_micro_usd) || 0;
    if (row.kind === "tool") entry.tool_calls += Number(row.calls) || 0;
  }
  const byDay = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, v]) => ({ day, runs: v.runs, cost_usd: microToUsd(v.cost), tool_calls: v.tool_calls }));
  byTool.sort((a, b) => b.calls - a.calls || (a.tool_key < b.tool_key ? -1 : 1));
  return { from: window.from, to: window.to, totals, by_model: byModel, by_tool: byTool, by_day: byDay };
}
