/** `recordUsage`: append one metered use (an LLM completion or a tool call) for an org; never fails its caller. */
import { systemScope } from "../auth/principal";
import { insertUsageEvent } from "../db/repos/usage";
import { newId } from "../lib/ids";
import { describeError, log } from "../lib/log";
import { usdToMicro } from "./report";

/** One metered use. `key` is the model for `llm`, the tool key `<server>/<tool>` for `tool`; `at` in ms. */
export interface UsageEntry {
  run_id?: string;
  workflow_id?: string;
  kind: "llm" | "tool";
  key: string;
  calls?: number;
  tokens_in?: number;
  tokens_out?: number;
  cost_usd?: number;
  at: number;
}

const count = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

/**
 * Records `entry` for `orgId`. Metering must never fail the work it meters, so a database error is
 * logged (without the entry's content beyond its kind and key) and swallowed.
 * @example await recordUsage(env, run.org_id, { run_id, kind: "llm", key: "gpt-4o-mini", tokens_in: 120, tokens_out: 40, cost_usd: 0.00003, at: now });
 */
export async function recordUsage(env: Pick<Env, "DB">, orgId: string, entry: UsageEntry): Promise<void> {
  try {
    await insertUsageEvent(env.DB, systemScope(orgId, "usage is recorded for the org whose run or call used it"), {
      id: newId("use"),
      runId: entry.run_id ?? null,
      workflowId: entry.workflow_id ?? null,
      kind: entry.kind,
      key: entry.key,
      calls: entry.calls === undefined ? 1 : count(entry.calls),
      tokensIn: count(entry.tokens_in),
      tokensOut: count(entry.tokens_out),
      costMicroUsd: usdToMicro(entry.cost_usd),
      at: entry.at,
    });
  } catch (err) {
    log("error", "usage not recorded", { org_id: orgId, kind: entry.kind, key: entry.key, error: describeError(err) });
  }
}
