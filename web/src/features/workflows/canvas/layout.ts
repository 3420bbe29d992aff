/** Automatic top-to-bottom layout of a workflow graph with dagre (pure, deterministic). */
import { graphlib, layout } from "@dagrejs/dagre";
import type { GraphInput } from "../../../../../worker/contracts/workflow";

/** Size the canvas node component renders at; layout spacing is computed from it. */
export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 72;

export interface LayoutOptions {
  /** "TB" (default): top to bottom; "LR": left to right. */
  direction?: "TB" | "LR";
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Top-left positions for every node, from dagre. Same graph in, same positions out: dagre is deterministic for a
 * given insertion order, and nodes and edges are inserted in definition order. Edges to unknown nodes are ignored.
 */
export function layoutPositions(graph: Pick<GraphInput, "nodes" | "edges">, options: LayoutOptions = {}) {
  // multigraph: a switch may have several edges (different labels) to the same node.
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: options.direction ?? "TB", nodesep: 48, ranksep: 64, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  graph.edges.forEach((edge, index) => {
    if (g.hasNode(edge.from) && g.hasNode(edge.to)) g.setEdge(edge.from, edge.to, {}, `e${index}`);
  });
  layout(g);
  const positions = new Map<string, Point>();
  for (const node of graph.nodes) {
    const placed = g.node(node.id) as { x?: number; y?: number } | undefined;
    // dagre gives centres; React Flow positions are top-left corners. Round for stable, readable JSON.
    positions.set(node.id, {
      x: Math.round((placed?.x ?? 0) - NODE_WIDTH / 2),
      y: Math.round((placed?.y ?? 0) - NODE_HEIGHT / 2),
    });
  }
  return positions;
}

/**
 * The same graph with every node placed by dagre (existing positions are replaced: this is the editor's
 * "auto layout" action).
 * @example const tidy = autoLayout(graph); tidy.nodes[0].position // { x: 0, y: 0 }
 */
export function autoLayout<G extends Pick<GraphInput, "nodes" | "edges">>(graph: G, options: LayoutOptions = {}): G {
  const positions = layoutPositions(graph, options);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? { x: 0, y: 0 } })),
  };
}
