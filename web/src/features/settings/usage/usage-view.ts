/** Usage & cost, pure: the period picker's time window, number and money formatting, and the by-day bar list. */
import type { UsageReport } from "../../../../../worker/contracts/usage";

/** The periods the page offers, in days. */
export const PERIODS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIODS)[number];

const DAY_MS = 86_400_000;

/**
 * The period as the API's window (`from`/`to`, ms since the epoch): the last `days` days up to `now`.
 * @example periodRange(7, Date.UTC(2026, 0, 8)) // { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 8) }
 */
export function periodRange(days: PeriodDays, now: number): { from: number; to: number } {
  return { from: now - days * DAY_MS, to: now };
}

/**
 * The period from a URL search value, 30 days when missing or not one of the offered periods.
 * @example parsePeriod("7") // 7
 */
export function parsePeriod(value: string | null): PeriodDays {
  return PERIODS.find((days) => String(days) === value) ?? 30;
}

/**
 * A US-dollar cost: cents for amounts of a cent or more, up to four decimals below (token prices are tiny).
 * @example formatUsd(0.00042) // "$0.0004"
 */
export function formatUsd(value: number): string {
  if (value === 0) return "$0.00";
  if (Math.abs(value) >= 0.01) return `$${value.toFixed(2)}`;
  const small = value.toFixed(4);
  return Number(small) === 0 ? "< $0.0001" : `$${small}`;
}

/**
 * A count with thousands separators (fixed to en-US so it reads the same everywhere, like the API's numbers).
 * @example formatCount(1234567) // "1,234,567"
 */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/**
 * A bar's length in percent of the largest value; at least 1% for any non-zero value so it stays visible.
 * @example barPercent(5, 10) // 50
 */
export function barPercent(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(1, Math.round((value / max) * 100));
}

/** One day's usage (the API's `by_day` item). */
export type DayUsage = UsageReport["by_day"][number];

/**
 * Every UTC day in the window, oldest first, with the API's numbers or zeros, so quiet days show as gaps instead
 * of disappearing from the list.
 * @example fillDays([], Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2, 12)).map((d) => d.day) // ["2026-01-01", "2026-01-02"]
 */
export function fillDays(byDay: readonly DayUsage[], from: number, to: number): DayUsage[] {
  const known = new Map(byDay.map((d) => [d.day, d]));
  const days: DayUsage[] = [];
  // A window far larger than the picker's keeps its own rows only, rather than thousands of empty ones.
  if (to < from || to - from > 400 * DAY_MS) return [...byDay].sort((a, b) => a.day.localeCompare(b.day));
  for (let t = Math.floor(from / DAY_MS) * DAY_MS; t <= to; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push(known.get(day) ?? { day, runs: 0, cost_usd: 0, tool_calls: 0 });
  }
  return days;
}
