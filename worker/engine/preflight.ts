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
      if (ref.root === "input" && !has(input, [first])) {
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
      case "mcp_tool":
        issues.push({
          code: "not_available",
          domain: "connection",
          message_human: `Step ${label(node)} is an MCP tool step, which needs MCP servers and tool policies that aren't set up here yet.`,
          message_tech: `node type ${node.type} has no runtime in this deployment`,
          node_id: node.id,
          severity: severityOf(node.id),
        });
        break;
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
