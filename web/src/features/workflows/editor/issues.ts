/** Validation issues for the editor's panels: per field of a node (shown under its input) and per list entry. */
import type { GraphIssue } from "../../../../../worker/contracts/workflow";

/**
 * The issue's message without the location prefix validation adds (`Node "x" (HTTP request): config.url: `), for
 * showing under the field it is about.
 * @example shortMessage({ message: 'Node "h" (HTTP request): config.url: A URL is required', … }, "config.url")
 *   // "A URL is required"
 */
export function shortMessage(issue: Pick<GraphIssue, "message">, field: string): string {
  const marker = `${field}: `;
  const at = issue.message.indexOf(marker);
  return at === -1 ? issue.message : issue.message.slice(at + marker.length);
}

/**
 * Messages per field under `root` (a dotted path from the graph root: `nodes.2`, or `""` for the whole graph), keyed
 * by the path relative to it (`config.url`, `config.messages.0.content`, `retry.max_delay_ms`; `settings.run_timeout_ms`
 * for the root). Issues about `root` itself are keyed `""`.
 */
export function issuesByPath(issues: readonly GraphIssue[], root: string): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const issue of issues) {
    const path = issue.path ?? "";
    let field: string;
    if (root === "") field = path;
    else if (path === root || path.startsWith(`${root}.`)) field = path.slice(root.length + 1);
    else continue;
    const list = byField.get(field) ?? [];
    list.push(field === "" ? issue.message : shortMessage(issue, field));
    byField.set(field, list);
  }
  return byField;
}

/** Messages per field of node #`nodeIndex` (see `issuesByPath`). */
export function nodeFieldIssues(issues: readonly GraphIssue[], nodeIndex: number): Map<string, string[]> {
  return issuesByPath(issues, `nodes.${nodeIndex}`);
}

/** Where clicking an issue in the list goes. */
export type IssueTarget = { kind: "node"; nodeId: string } | { kind: "edge"; edgeIndex: number } | { kind: "graph" };

/** The element an issue is about: a node (by `node_id`, or by a `nodes.N` path), an edge, or the workflow. */
export function issueTarget(issue: GraphIssue, nodeIds: readonly string[]): IssueTarget {
  if (issue.node_id !== undefined && nodeIds.includes(issue.node_id)) return { kind: "node", nodeId: issue.node_id };
  const index = /^nodes\.(\d+)(?:\.|$)/.exec(issue.path ?? "")?.[1];
  const byIndex = index === undefined ? undefined : nodeIds[Number(index)];
  if (byIndex !== undefined) return { kind: "node", nodeId: byIndex };
  if (issue.edge_index !== undefined) return { kind: "edge", edgeIndex: issue.edge_index };
  return { kind: "graph" };
}

/**
 * The issues with `node_id` filled in where only the path names the node (e.g. an invalid id), so the canvas can
 * badge that node too.
 */
export function locateIssues(issues: readonly GraphIssue[], nodeIds: readonly string[]): GraphIssue[] {
  return issues.map((issue) => {
    if (issue.node_id !== undefined) return issue;
    const target = issueTarget(issue, nodeIds);
    return target.kind === "node" ? { ...issue, node_id: target.nodeId } : issue;
  });
}

/** A one-line summary for the toolbar, e.g. "2 problems". */
export function problemCount(count: number): string {
  if (count === 0) return "No problems";
  return count === 1 ? "1 problem" : `${count} problems`;
}
