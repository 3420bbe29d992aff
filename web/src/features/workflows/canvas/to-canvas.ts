/**
 * Pure mapping between a workflow definition and React Flow's nodes and edges: definition (+ run statuses and
 * validation issues) → canvas, and canvas → definition. The canvas component only renders what this returns.
 */
import type { Edge, Node } from "@xyflow/react";
import { getNodeType, NodeType, nodeBranches } from "../../../../../worker/contracts/node-types";
import type { GraphInput, GraphIssue, StepStatus, WorkflowNodeInput } from "../../../../../worker/contracts/workflow";
import { layoutPositions } from "./layout";

/** React Flow node `type` of every workflow node (one custom node component renders them all). */
export const FLUXO_NODE_TYPE = "fluxo";

/** What the node component gets. A type alias (not an interface) so it satisfies React Flow's record constraint. */
export type FluxoNodeData = {
  /** A registry type; an imported draft may hold an unknown one (shown as such, reported by validation). */
  nodeType: NodeType;
  /** The node's name, or its id when it has none. */
  label: string;
  icon: string;
  /** The step's status in the run being watched, if any. */
  status?: StepStatus;
  /** Validation messages about this node. */
  issues: string[];
  /** Branch labels, one source handle each (`[]`: a single unlabelled handle). Handle ids are the labels. */
  branches: string[];
};
export type FluxoNode = Node<FluxoNodeData, typeof FLUXO_NODE_TYPE>;

export type FluxoEdgeData = {
  when: string | null;
  issues: string[];
};
export type FluxoEdge = Edge<FluxoEdgeData>;

export interface ToCanvasOptions {
  statuses?: Partial<Record<string, StepStatus>>;
  issues?: readonly GraphIssue[];
}

/** Icon of a type the registry doesn't know (an imported or hand-written draft). */
export const UNKNOWN_TYPE_ICON = "❓";

function isKnownType(type: unknown): type is NodeType {
  return NodeType.safeParse(type).success;
}

function branchesOf(node: WorkflowNodeInput): string[] {
  if (!isKnownType(node.type)) return [];
  // Mid-edit configs may not parse yet; then the node simply shows no branch handles.
  const parsed = getNodeType(node.type).configSchema.safeParse(node.config);
  return parsed.success ? [...nodeBranches({ type: node.type, config: parsed.data })] : [];
}

/** Stable, unique edge ids: `from->to` plus the label, with a suffix only for repeats. */
function edgeIds(edges: GraphInput["edges"]): string[] {
  const used = new Map<string, number>();
  return edges.map((edge) => {
    const base = `${edge.from}->${edge.to}${edge.when ? `:${edge.when}` : ""}`;
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}#${count + 1}`;
  });
}

/**
 * Definition → React Flow. Nodes without a `position` are placed by the automatic layout.
 * Issues with a `node_id` go on that node, issues with an `edge_index` on that edge; graph-wide issues are left
 * to the caller (a problems panel).
 * @example const { nodes, edges } = toCanvas(version.graph, { statuses: run.stepStatuses, issues });
 */
export function toCanvas(graph: GraphInput, options: ToCanvasOptions = {}): { nodes: FluxoNode[]; edges: FluxoEdge[] } {
  const issues = options.issues ?? [];
  const laidOut = graph.nodes.some((node) => !node.position) ? layoutPositions(graph) : null;
  const nodes = graph.nodes.map((node): FluxoNode => {
    // Drafts are saved unvalidated, so a node's type may be unknown: render it rather than crash the editor.
    const icon = isKnownType(node.type) ? getNodeType(node.type).icon : UNKNOWN_TYPE_ICON;
    const status = options.statuses?.[node.id];
    return {
      id: node.id,
      type: FLUXO_NODE_TYPE,
      position: node.position ?? laidOut?.get(node.id) ?? { x: 0, y: 0 },
      data: {
        nodeType: node.type,
        label: node.name || node.id,
        icon,
        ...(status ? { status } : {}),
        issues: issues.filter((issue) => issue.node_id === node.id).map((issue) => issue.message),
        branches: branchesOf(node),
      },
    };
  });
  const ids = edgeIds(graph.edges);
  const edges = graph.edges.map((edge, index): FluxoEdge => {
    const when = edge.when ?? null;
    return {
      id: ids[index] ?? `edge-${index}`,
      source: edge.from,
      target: edge.to,
      ...(when === null ? {} : { sourceHandle: when, label: when }),
      data: {
        when,
        issues: issues.filter((issue) => issue.edge_index === index).map((issue) => issue.message),
      },
    };
  });
  return { nodes, edges };
}

function readWhen(edge: Edge): string | null {
  const data = edge.data as { when?: unknown } | undefined;
  if (data && (typeof data.when === "string" || data.when === null)) return data.when;
  if (edge.sourceHandle) return edge.sourceHandle;
  return typeof edge.label === "string" && edge.label !== "" ? edge.label : null;
}

function newNode(canvasNode: Node): WorkflowNodeInput | null {
  const data = canvasNode.data as { nodeType?: unknown; label?: unknown; config?: unknown };
  const type = NodeType.safeParse(data.nodeType);
  if (!type.success) return null;
  const label = typeof data.label === "string" && data.label !== canvasNode.id ? { name: data.label } : {};
  // A node dropped from the palette starts from its type's default config unless the editor supplied one.
  const config = data.config ?? structuredClone(getNodeType(type.data).defaultConfig);
  // The config is whatever the editor holds (possibly unfinished); validateGraph judges it, not the type system.
  return { id: canvasNode.id, type: type.data, ...label, config } as WorkflowNodeInput;
}

/**
 * React Flow → definition: the canvas decides which nodes and edges exist, their order and positions; everything
 * else (configs, retry policies, input schema, settings, vars) comes from `base`. New canvas nodes (ids not in
 * `base`) are created from `data.nodeType` (and `data.config` if present). Nodes of other React Flow types
 * (annotations) are ignored. Unchanged edges keep their original objects, so a round trip is lossless.
 * @example setGraph(fromCanvas(rf.getNodes(), rf.getEdges(), graph));
 */
export function fromCanvas(nodes: readonly Node[], edges: readonly Edge[], base: GraphInput): GraphInput {
  const baseNodes = new Map(base.nodes.map((node) => [node.id, node]));
  const outNodes: WorkflowNodeInput[] = [];
  for (const canvasNode of nodes) {
    if (canvasNode.type !== FLUXO_NODE_TYPE) continue;
    const known = baseNodes.get(canvasNode.id);
    const node = known ?? newNode(canvasNode);
    if (!node) continue;
    const position = { x: Math.round(canvasNode.position.x), y: Math.round(canvasNode.position.y) };
    const moved = node.position?.x !== position.x || node.position?.y !== position.y;
    outNodes.push(moved ? { ...node, position } : node);
  }
  const baseEdges = new Map(base.edges.map((edge) => [JSON.stringify([edge.from, edge.to, edge.when ?? null]), edge]));
  const outEdges = edges.map((canvasEdge) => {
    const when = readWhen(canvasEdge);
    const known = baseEdges.get(JSON.stringify([canvasEdge.source, canvasEdge.target, when]));
    return known ?? { from: canvasEdge.source, to: canvasEdge.target, ...(when === null ? {} : { when }) };
  });
  return { ...base, nodes: outNodes, edges: outEdges };
}
