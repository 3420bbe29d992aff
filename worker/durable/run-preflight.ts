/** Preflight for a run object: the pure checks with this deployment's network policy and connections. */
import type { Graph } from "../contracts/workflow";
import { preflight } from "../engine/preflight";
import type { PreflightSummary } from "../engine/run";
import { checkUrlSync, policyFromEnv } from "../net";
import type { RunRecord } from "./run-store";

export function runPreflight(
  env: Env,
  record: Pick<RunRecord, "graph" | "input" | "connection_ids">,
): PreflightSummary {
  const { policy } = policyFromEnv(env);
  return preflight({
    graph: record.graph as Graph,
    input: record.input,
    connectionIds: new Set(record.connection_ids ?? []),
    checkUrl: (url) => {
      const check = checkUrlSync(url, policy);
      return check.ok ? null : check.message;
    },
  });
}
