/** Graph validation with the org's limits: the one call the catalog API and run starts use. */
import type { OrgLimits } from "../contracts/orgs";
import type { GraphIssue } from "../contracts/workflow";
import { validateGraph } from "../engine/graph/validate";

export function validateWorkflowGraph(
  graph: unknown,
  limits: Required<OrgLimits>,
): { valid: boolean; issues: GraphIssue[] } {
  const result = validateGraph(graph, { maxNodes: limits.max_nodes_per_workflow });
  return { valid: result.valid, issues: result.issues };
}
