/** Preflight for a run object: the pure checks with this deployment's network policy, connections and tools. */
import type { Graph } from "../contracts/workflow";
import { type PreflightTools, preflight } from "../engine/preflight";
import type { PreflightSummary } from "../engine/run";
import { checkUrlSync, policyFromEnv } from "../net";
import { BUILTIN_SERVER, BUILTIN_TOOLS } from "../tools/builtin";
import { parseSystemPolicies, resolvePolicy } from "../tools/policy";
import type { RunRecord } from "./run-store";

type PreflightRecord = Pick<
  RunRecord,
  "graph" | "input" | "connection_ids" | "mcp_servers" | "org_tool_policies" | "tool_policies"
>;

export function runPreflight(env: Env, record: PreflightRecord): PreflightSummary {
  const { policy } = policyFromEnv(env);
  const graph = record.graph as Graph;
  const tools = toolsFor(env, record, graph);
  return preflight({
    graph,
    input: record.input,
    connectionIds: new Set(record.connection_ids ?? []),
    checkUrl: (url) => {
      const check = checkUrlSync(url, policy);
      return check.ok ? null : check.message;
    },
    ...(tools ? { tools } : {}),
  });
}

/**
 * The org's servers and the policy levels as of the run's start. Null for a run started before they were
 * recorded: its tool steps are then checked only when they call.
 */
function toolsFor(env: Env, record: PreflightRecord, graph: Graph): PreflightTools | null {
  if (!record.mcp_servers) return null;
  const servers = new Map<string, readonly string[]>(Object.entries(record.mcp_servers));
  servers.set(
    BUILTIN_SERVER,
    BUILTIN_TOOLS.map((t) => t.name),
  );
  // An optional deployment setting (not in every wrangler config), read the way `callTool` reads it.
  const raw = (env as Env & { TOOL_POLICIES_SYSTEM?: string }).TOOL_POLICIES_SYSTEM;
  const system = parseSystemPolicies(raw).policies;
  return {
    servers,
    decide: (key) =>
      resolvePolicy(key, {
        system,
        org: record.org_tool_policies ?? {},
        workflow: graph.settings?.tool_policies,
        run: record.tool_policies,
      }),
  };
}
