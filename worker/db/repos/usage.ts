/** Usage events of one org: append one per metered use, and the grouped sums the usage API reports. */
import type { OrgScope } from "../../auth/principal";
import { createDb } from "../client";
import { usageEvents } from "../schema";

export type UsageEventInsert = Omit<typeof usageEvents.$inferInsert, "orgId">;

export async function insertUsageEvent(d1: D1Database, scope: OrgScope, values: UsageEventInsert): Promise<void> {
  await createDb(d1)
    .insert(usageEvents)
    .values({ ...values, orgId: scope.orgId });
}

/** Sums per kind and key in `[from, to)`. */
export interface UsageKeyRow {
  kind: "llm" | "tool";
  key: string;
  calls: number;
  tokens_in: number;
  tokens_out: number;
  cost_micro_usd: number;
}

/** Sums per UTC day in `[from, to)`. */
export interface UsageDayRow {
  day: string;
  kind: "llm" | "tool";
  calls: number;
  cost_micro_usd: number;
}

export interface RunDayRow {
  day: string;
  runs: number;
}

const DAY = "strftime('%Y-%m-%d', CAST(%COL% / 1000 AS INTEGER), 'unixepoch')";

/** Everything the usage report needs, in three grouped queries (one D1 batch). */
export async function usageSums(
  d1: D1Database,
  scope: OrgScope,
  window: { from: number; to: number },
): Promise<{ keys: UsageKeyRow[]; days: UsageDayRow[]; runDays: RunDayRow[] }> {
  const { from, to } = window;
  const [keys, days, runDays] = await d1.batch([
    d1
      .prepare(
        `SELECT kind, key, SUM(calls) AS calls, SUM(tokens_in) AS tokens_in, SUM(tokens_out) AS tokens_out,
                SUM(cost_micro_usd) AS cost_micro_usd
           FROM usage_events WHERE org_id = ?1 AND at >= ?2 AND at < ?3 GROUP BY kind, key ORDER BY kind, key`,
      )
      .bind(scope.orgId, from, to),
    d1
      .prepare(
        `SELECT ${DAY.replace("%COL%", "at")} AS day, kind, SUM(calls) AS calls, SUM(cost_micro_usd) AS cost_micro_usd
           FROM usage_events WHERE org_id = ?1 AND at >= ?2 AND at < ?3 GROUP BY day, kind ORDER BY day`,
      )
      .bind(scope.orgId, from, to),
    d1
      .prepare(
        `SELECT ${DAY.replace("%COL%", "created_at")} AS day, COUNT(*) AS runs
           FROM runs WHERE org_id = ?1 AND created_at >= ?2 AND created_at < ?3 GROUP BY day ORDER BY day`,
      )
      .bind(scope.orgId, from, to),
  ]);
  return {
    keys: (keys?.results ?? []) as UsageKeyRow[],
    days: (days?.results ?? []) as UsageDayRow[],
    runDays: (runDays?.results ?? []) as RunDayRow[],
  };
}
