/**
 * Keeps React Flow's nodes and edges in step with the graph: fresh `toCanvas` output merged with what only the canvas
 * knows (measured sizes, a drag in progress), and the selection, which the editor owns.
 */
import type { FluxoEdge, FluxoNode } from "../canvas/to-canvas";

/** What is selected in the editor: one node, one edge (by canvas id), or nothing (the workflow settings). */
export type Selection = { kind: "node"; id: string } | { kind: "edge"; id: string } | null;

function sameData(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The next canvas nodes. A node keeps its measured size (so React Flow need not measure it again) and, while it
 * is being dragged, its live position; an unchanged node keeps its object, so React Flow skips it.
 */
export function mergeNodes(
  previous: readonly FluxoNode[],
  next: readonly FluxoNode[],
  selection: Selection,
): FluxoNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const old = before.get(node.id);
    const selected = selection?.kind === "node" && selection.id === node.id;
    if (!old) return { ...node, selected };
    const position = old.dragging ? old.position : node.position;
    const unchanged =
      old.selected === selected &&
      old.position.x === position.x &&
      old.position.y === position.y &&
      sameData(old.data, node.data);
    if (unchanged) return old;
    return {
      ...node,
      position,
      selected,
      ...(old.measured ? { measured: old.measured } : {}),
      ...(old.dragging ? { dragging: old.dragging } : {}),
    };
  });
}

/** The next canvas edges, with the selection applied and edges that have problems marked. */
export function mergeEdges(
  previous: readonly FluxoEdge[],
  next: readonly FluxoEdge[],
  selection: Selection,
): FluxoEdge[] {
  const before = new Map(previous.map((edge) => [edge.id, edge]));
  return next.map((edge) => {
    const selected = selection?.kind === "edge" && selection.id === edge.id;
    const hasIssues = (edge.data?.issues.length ?? 0) > 0;
    const decorated: FluxoEdge = {
      ...edge,
      selected,
      ...(hasIssues
        ? { className: "wf-edge-issue", ariaLabel: `Edge with problems: ${edge.data?.issues.join("; ")}` }
        : {}),
    };
    const old = before.get(edge.id);
    return old && old.selected === selected && old.className === decorated.className && sameData(old.data, edge.data)
      ? old
      : decorated;
  });
}
