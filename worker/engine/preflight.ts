/**
 * Preflight: what would stop a run before it starts, checked on the pinned graph and the input.
 * Blocking issues park the run in `needs_review` with recommended actions; warnings are shown.
 * Pure: the caller passes what it knows about the org (connections, the network policy check).
 */
import type { Graph } from "../contracts/workflow";
import { nodeReferences } from "./expressions/node-references";
import { isTemplate } from "./expressions/template";
import { ancestors } from "./graph/traversal";

export type PreflightDomain = "data" | "template" | "permissions" | "delivery" | "connection" | "policy";

export interface PreflightIssue {
  code: string;
  domain: PreflightDomain;
  message_human: string;
  message_tech: string;
  node_id: string | null;
  severity: "blocking" | "warning";
}

export interface PreflightResult {
  blocking_count: number;
  warning_count: number;
  /** Issue counts by domain, and the issues themselves. */
  groups: { by_domain: Partial<Record<PreflightDomain, number>>; issues: PreflightIssue[] };
}

export interface PreflightInput {
  graph: Graph;
  input: Record<string, unknown>;
  /** Ids of the org's usable connections (none until connections exist). */
  connectionIds: ReadonlySet<string>;
  /** The network policy's verdict on a literal URL: null when allowed, else why not. */
  checkUrl: (url: string) => string | null;
  /** What is known about tools; absent when unknown (then `mcp_tool` steps are not checked). */
  tools?: PreflightTools;
}

/** The org's tool servers and the tool policy that applies to this run, for `mcp_tool` steps. */
export interface PreflightTools {
  /** Server label → its allowed tools (the built-in tools under `builtin`). */
  servers: ReadonlyMap<string, readonly string[]>;
  /** The policy for a tool key `<server>/<tool>` (system, org, workflow and run levels resolved). */
  decide: (key: string) => { decision: "allow" | "ask" | "deny"; source: string; pattern: string | null };
}

function label(node: { id: string; name?: string }): string {
  return `“${node.name ?? node.id}”`;
}

function has(value: unknown, path: readonly string[]): boolean {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return current !== undefined;
}

/** Runs every check and summarises. */
export function preflight(args: PreflightInput): PreflightResult {
  const issues: PreflightIssue[] = [];
  const { graph, input } = args;
  const vars = graph.vars ?? {};
  // Inputs the schema declares but doesn't require may be left out: steps read them as missing (`$lookup`, `?:`).
  const declared = Object.keys(graph.input_schema?.properties ?? {});
  const required = new Set(
    Array.isArray(graph.input_schema?.required) ? (graph.input_schema.required as unknown[]).map(String) : [],
  );
  const optionalInputs = new Set(declared.filter((key) => !required.has(key)));
  const branching = new Set(graph.nodes.filter((n) => n.type === "condition" || n.type === "switch").map((n) => n.id));
  /**
   * A step behind a condition or switch may never run, so what would stop it is a warning: the
   * run can go ahead and fail with a clear error only if that branch is taken.
   */
  const severityOf = (nodeId: string): PreflightIssue["severity"] =>
    [...ancestors(graph, nodeId)].some((id) => branching.has(id)) ? "warning" : "blocking";
  for (const node of graph.nodes) {
    const seen = new Set<string>();
    for (const ref of nodeReferences(node)) {
      const first = ref.path[0];
      if (first === undefined) continue;
      const key = `${ref.root}.${first}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (ref.root === "input" && !has(input, [first]) && !optionalInputs.has(first)) {
        issues.push({
          code: "unresolved_reference",
          domain: "template",
          message_human: `Step ${label(node)} uses input.${first}, but the run's input has no "${first}".`,
          message_tech: `${ref.field}: reference input.${ref.path.join(".")} is undefined`,
          node_id: node.id,
          severity: "blocking",
        });
      }
      if (ref.root === "vars" && !has(vars, [first])) {
        issues.push({
          code: "unresolved_reference",
          domain: "template",
          message_human: `Step ${label(node)} uses vars.${first}, which the workflow doesn't define.`,
          message_tech: `${ref.field}: reference vars.${ref.path.join(".")} is undefined`,
          node_id: node.id,
          severity: "blocking",
        });
      }
    }
    switch (node.type) {
      case "http": {
        const { url, connection_id } = node.config;
        if (!isTemplate(url)) {
          const problem = args.checkUrl(url);
          if (problem) {
            issues.push({
              code: "invalid_url",
              domain: "policy",
              message_human: `Step ${label(node)} can't call ${url}: ${problem}`,
              message_tech: `config.url refused by the network policy: ${problem}`,
              node_id: node.id,
              severity: severityOf(node.id),
            });
          }
        }
        if (connection_id && !args.connectionIds.has(connection_id)) {
          issues.push({
            code: "connection_missing",
            domain: "connection",
            message_human: `Step ${label(node)} needs the connection "${connection_id}", which this organization doesn't have.`,
            message_tech: `config.connection_id=${connection_id} not found`,
            node_id: node.id,
            severity: severityOf(node.id),
          });
        }
        break;
      }
      case "llm": {
        const { connection_id } = node.config;
        if (!args.connectionIds.has(connection_id)) {
          issues.push({
            code: "connection_missing",
            domain: "connection",
            message_human: `Step ${label(node)} needs the LLM connection "${connection_id}", which this organization doesn't have (or it has expired).`,
            message_tech: `config.connection_id=${connection_id} not found or not usable`,
            node_id: node.id,
            severity: severityOf(node.id),
          });
        }
        break;
      }
      case "mcp_tool": {
        const issue = args.tools ? toolIssue(args.tools, node.config.server_label, node.config.tool) : null;
        if (issue) {
          const blocking = issue.severity === "blocking" ? severityOf(node.id) : "warning";
          issues.push({
            ...issue,
            message_human: `Step ${label(node)} ${issue.message_human}`,
            node_id: node.id,
            severity: blocking,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  const by_domain: Partial<Record<PreflightDomain, number>> = {};
  for (const issue of issues) by_domain[issue.domain] = (by_domain[issue.domain] ?? 0) + 1;
  return {
    blocking_count: issues.filter((i) => i.severity === "blocking").length,
    warning_count: issues.filter((i) => i.severity === "warning").length,
    groups: { by_domain, issues },
  };
}

/**
 * What stops (or slows) an `mcp_tool` call, checked in the order the call itself checks: the server, the
 * whitelist, then the policy. ASK is a warning: the run will wait for a person at that step.
 */
function toolIssue(
  tools: PreflightTools,
  server: string,
  tool: string,
): (Omit<PreflightIssue, "node_id" | "message_human"> & { message_human: string }) | null {
  const allowed = tools.servers.get(server);
  const key = `${server}/${tool}`;
  if (!allowed) {
    return {
      code: "mcp_server_not_found",
      domain: "connection",
      message_human: `calls a tool on the MCP server "${server}", which this organization doesn't have.`,
      message_tech: `config.server_label=${server} not registered`,
      severity: "blocking",
    };
  }
  if (!allowed.includes(tool)) {
    return {
      code: "tool_not_allowed",
      domain: "permissions",
      message_human: `calls "${tool}", which is not in the allowed tools of "${server}".`,
      message_tech: `${key} not in allowed_tools`,
      severity: "blocking",
    };
  }
  const policy = tools.decide(key);
  if (policy.decision === "allow") return null;
  const why = `a ${policy.source} policy${policy.pattern ? ` (${policy.pattern})` : ""}`;
  return policy.decision === "deny"
    ? {
        code: "tool_denied",
        domain: "policy",
        message_human: `calls ${key}, which ${why} denies.`,
        message_tech: `${key}: deny by ${policy.source} ${policy.pattern ?? ""}`.trim(),
        severity: "blocking",
      }
    : {
        code: "tool_requires_approval",
        domain: "policy",
        message_human: `calls ${key}, which ${why} asks a person to approve: the run will wait there.`,
        message_tech: `${key}: ask by ${policy.source} ${policy.pattern ?? ""}`.trim(),
        severity: "warning",
      };
}

/** What a person can do about each preflight code (SPEC §4 recommended actions). */
export function preflightActions(issues: readonly PreflightIssue[]) {
  const actions: { action: string; label: string; description: string; target_node_id?: string }[] = [];
  for (const issue of issues) {
    const target = issue.node_id ?? undefined;
    switch (issue.code) {
      case "unresolved_reference":
        actions.push({
          action: "provide_input",
          label: "Provide the missing data",
          description: `Resume the run with the input it needs, or fix the step and resume on the new version. ${issue.message_human}`,
          target_node_id: target,
        });
        break;
      case "invalid_url":
        actions.push({
          action: "edit_node",
          label: "Fix the URL",
          description: issue.message_human,
          target_node_id: target,
        });
        break;
      case "mcp_server_not_found":
        actions.push({
          action: "add_mcp_server",
          label: "Register the MCP server",
          description: issue.message_human,
          target_node_id: target,
        });
        break;
      case "tool_not_allowed":
      case "tool_denied":
        actions.push({
          action: "review_tool_policy",
          label: issue.code === "tool_denied" ? "Review the tool policy" : "Allow the tool on its server",
          description: issue.message_human,
          target_node_id: target,
        });
        break;
      case "connection_missing":
      case "not_available":
        actions.push({
          action: "add_connection",
          label: "Set up the connection",
          description: issue.message_human,
          target_node_id: target,
        });
        break;
      default:
        actions.push({
          action: "review",
          label: "Review the step",
          description: issue.message_human,
          target_node_id: target,
        });
    }
  }
  return actions;
}
