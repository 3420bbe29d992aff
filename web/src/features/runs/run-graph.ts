/**
 * The run page's graph: the pinned version's definition plus the run's step statuses → read-only React Flow nodes
 * and edges (through the shared `toCanvas`), each node named for assistive tech with its status, the selected step
 * marked, and edges into skipped steps faded.
 */
import { Graph } from "../../../../worker/contracts/workflow";
import type { FluxoEdge, FluxoNode } from "../workflows/canvas/to-canvas";
import { toCanvas } from "../workflows/canvas/to-canvas";
import { STEP_STATUS_LOOK, stepStatuses } from "./run-status";

type StepLike = Parameters<typeof stepStatuses>[0][number];

export type RunCanvas = { ok: true; nodes: FluxoNode[]; edges: FluxoEdge[] } | { ok: false; message: string };

/**
 * A node's branch labels ordered by where their targets sit, left to right, so branch edges leave from the side
 * they go to instead of crossing (the node component spreads its handles in this order). Labels without an edge
 * keep their order, at the end.
 */
export function branchesLeftToRight(
  node: FluxoNode,
  nodes: readonly FluxoNode[],
  edges: readonly FluxoEdge[],
): string[] {
  if (node.data.branches.length < 2) return node.data.branches;
  const x = new Map(nodes.map((candidate) => [candidate.id, candidate.position.x]));
  const targetX = (branch: string) => {
    const xs = edges
      .filter((edge) => edge.source === node.id && edge.data?.when === branch)
      .map((edge) => x.get(edge.target) ?? Number.POSITIVE_INFINITY);
    return xs.length > 0 ? Math.min(...xs) : Number.POSITIVE_INFINITY;
  };
  // Array.prototype.sort is stable, so ties and unconnected labels keep the definition's order.
  return [...node.data.branches].sort((a, b) => targetX(a) - targetX(b));
}

/**
 * Nodes and edges for the run graph. A version graph that doesn't parse (it was published by a newer server, or
 * the file is damaged) is reported instead of half-drawn.
 * @example const canvas = runCanvas(version.graph, steps, selectedNodeId);
 */
export function runCanvas(graph: unknown, steps: readonly StepLike[], selectedNodeId: string | null): RunCanvas {
  const parsed = Graph.safeParse(graph);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, message: `The workflow graph can't be drawn: ${first ? first.message : "it is not valid"}` };
  }
  const statuses = stepStatuses(steps);
  const canvas = toCanvas(parsed.data, { statuses });
  const nodes = canvas.nodes.map((node): FluxoNode => {
    const status = node.data.status ?? "pending";
    return {
      ...node,
      data: { ...node.data, status, branches: branchesLeftToRight(node, canvas.nodes, canvas.edges) },
      selected: node.id === selectedNodeId,
      ariaLabel: `${node.data.label}: ${STEP_STATUS_LOOK[status].label}`,
      // Read-only: nothing moves or connects; clicking selects the step (handled by the page).
      draggable: false,
      connectable: false,
    };
  });
  const edges = canvas.edges.map((edge): FluxoEdge => {
    const target = statuses[edge.target];
    return {
      ...edge,
      className: target === "skipped" ? "run-edge-skipped" : undefined,
      animated: target === "running",
    };
  });
  return { ok: true, nodes, edges };
}
