/** Pure edits of a workflow graph: the editor's every change (add, connect, rename, move, remove) goes through here. */
import { getNodeType, type NodeType } from "../../../../../worker/contracts/node-types";
import {
  type GraphInput,
  NODE_ID_PATTERN,
  type WorkflowEdge,
  type WorkflowNodeInput,
} from "../../../../../worker/contracts/workflow";
import { NODE_HEIGHT, NODE_WIDTH, type Point } from "../canvas/layout";

/** Identifies an edge the way the graph does: ends plus branch label. */
export interface EdgeKey {
  from: string;
  to: string;
  when: string | null;
}

const VERTICAL_GAP = 64;
const HORIZONTAL_GAP = 40;

function sameEdge(edge: Pick<WorkflowEdge, "from" | "to" | "when">, key: EdgeKey): boolean {
  return edge.from === key.from && edge.to === key.to && (edge.when ?? null) === key.when;
}

/**
 * The id a new node of `type` gets: `<type>_<n>` with the smallest free `n`, so ids stay short, readable and
 * usable in expressions (`steps.http_1.output`).
 * @example nextNodeId({ nodes: [{ id: "http_1", … }], edges: [] }, "http") // "http_2"
 */
export function nextNodeId(graph: Pick<GraphInput, "nodes">, type: NodeType): string {
  const used = new Set(graph.nodes.map((node) => node.id));
  let n = 1;
  while (used.has(`${type}_${n}`)) n += 1;
  return `${type}_${n}`;
}

function overlaps(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) < NODE_WIDTH + HORIZONTAL_GAP / 2 && Math.abs(a.y - b.y) < NODE_HEIGHT + VERTICAL_GAP / 2;
}

/**
 * Where a node added from the palette goes: under `anchorId` (the selected node) if given, else under the lowest
 * node, else at the origin; moved right until it overlaps nothing.
 */
export function placeNewNode(graph: Pick<GraphInput, "nodes">, anchorId: string | null): Point {
  const placed = graph.nodes.flatMap((node) => (node.position ? [node.position] : []));
  const anchor = graph.nodes.find((node) => node.id === anchorId)?.position;
  const lowest = placed.reduce<Point | undefined>((low, point) => (!low || point.y > low.y ? point : low), undefined);
  const below = anchor ?? lowest;
  const spot = below ? { x: below.x, y: below.y + NODE_HEIGHT + VERTICAL_GAP } : { x: 0, y: 0 };
  while (placed.some((point) => overlaps(point, spot))) spot.x += NODE_WIDTH + HORIZONTAL_GAP;
  return spot;
}

/** A new node of `type` with its registry default config. */
export function addNode(graph: GraphInput, type: NodeType, id: string, position: Point): GraphInput {
  const config = structuredClone(getNodeType(type).defaultConfig);
  const node = { id, type, config, position } as WorkflowNodeInput;
  return { ...graph, nodes: [...graph.nodes, node] };
}

/** Replaces the node with `node.id` (drops `undefined` members so the saved JSON stays clean). */
export function replaceNode(graph: GraphInput, node: WorkflowNodeInput): GraphInput {
  const clean = Object.fromEntries(Object.entries(node).filter(([, value]) => value !== undefined));
  return {
    ...graph,
    nodes: graph.nodes.map((current) => (current.id === node.id ? (clean as WorkflowNodeInput) : current)),
  };
}

/**
 * Why `candidate` can't become the id of node `currentId`, or null when it can.
 * @example nodeIdProblem("Fetch", graph, "http_1") // "Use 1-63 lowercase letters, …"
 */
export function nodeIdProblem(candidate: string, graph: Pick<GraphInput, "nodes">, currentId: string): string | null {
  if (candidate === currentId) return null;
  if (!NODE_ID_PATTERN.test(candidate)) {
    return "Use 1-63 lowercase letters, digits or underscores, starting with a letter";
  }
  if (graph.nodes.some((node) => node.id === candidate)) return `Another node already has the id "${candidate}"`;
  return null;
}

/** `steps.<from>` where it is a whole path segment (not `steps.fromage`, not `mysteps.from`). */
function stepReference(id: string): RegExp {
  // Ids from imported drafts may hold any character: escape them.
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\w$.])steps\\.${escaped}(?![\\w])`, "g");
}

function rewriteStrings(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === "string") return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => rewriteStrings(item, rewrite));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteStrings(item, rewrite)]));
  }
  return value;
}

/**
 * Renames a node: its edges and every `steps.<old>` reference in other nodes' configs follow, so renaming never
 * breaks the workflow. Call only when `nodeIdProblem` said yes.
 */
export function renameNode(graph: GraphInput, from: string, to: string): GraphInput {
  if (from === to) return graph;
  const pattern = stepReference(from);
  const rewrite = (text: string) => text.replace(pattern, `steps.${to}`);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const config = rewriteStrings(node.config, rewrite);
      return { ...node, ...(node.id === from ? { id: to } : {}), config } as WorkflowNodeInput;
    }),
    edges: graph.edges.map((edge) => ({
      ...edge,
      ...(edge.from === from ? { from: to } : {}),
      ...(edge.to === from ? { to } : {}),
    })),
  };
}

/** Removes nodes (and every edge touching them) and the given edges. */
export function removeElements(graph: GraphInput, nodeIds: readonly string[], edges: readonly EdgeKey[]): GraphInput {
  const gone = new Set(nodeIds);
  return {
    ...graph,
    nodes: graph.nodes.filter((node) => !gone.has(node.id)),
    edges: graph.edges.filter(
      (edge) => !gone.has(edge.from) && !gone.has(edge.to) && !edges.some((key) => sameEdge(edge, key)),
    ),
  };
}

/**
 * Adds the edge `from → to` labelled `when` (the source handle's branch, null for an unlabelled handle).
 * Self-loops, edges to unknown nodes and exact repeats change nothing.
 */
export function connect(graph: GraphInput, key: EdgeKey): GraphInput {
  const ids = new Set(graph.nodes.map((node) => node.id));
  if (key.from === key.to || !ids.has(key.from) || !ids.has(key.to)) return graph;
  if (graph.edges.some((edge) => sameEdge(edge, key))) return graph;
  const edge: WorkflowEdge = { from: key.from, to: key.to, ...(key.when === null ? {} : { when: key.when }) };
  return { ...graph, edges: [...graph.edges, edge] };
}

/** Sets an edge's branch label (null: unlabelled). A change that would duplicate another edge does nothing. */
export function relabelEdge(graph: GraphInput, key: EdgeKey, when: string | null): GraphInput {
  if (graph.edges.some((edge) => sameEdge(edge, { ...key, when }))) return graph;
  return {
    ...graph,
    edges: graph.edges.map((edge) => {
      if (!sameEdge(edge, key)) return edge;
      const { when: _old, ...rest } = edge;
      return when === null ? rest : { ...rest, when };
    }),
  };
}

/**
 * New positions for some nodes (rounded: React Flow reports fractions while dragging). The same graph comes back
 * when nothing actually moved (a click ends a "drag" too), so nothing re-renders or re-validates.
 */
export function moveNodes(graph: GraphInput, positions: ReadonlyMap<string, Point>): GraphInput {
  let moved = false;
  const nodes = graph.nodes.map((node) => {
    const to = positions.get(node.id);
    if (!to) return node;
    const position = { x: Math.round(to.x), y: Math.round(to.y) };
    if (node.position?.x === position.x && node.position?.y === position.y) return node;
    moved = true;
    return { ...node, position };
  });
  return moved ? { ...graph, nodes } : graph;
}

/** The workflow-wide fields the settings panel edits; `undefined` removes one. */
export type GraphFields = Pick<GraphInput, "input_schema" | "settings" | "vars">;

/** Sets workflow-wide fields (input schema, settings, vars). */
export function updateGraphFields(graph: GraphInput, patch: Partial<GraphFields>): GraphInput {
  const next: Record<string, unknown> = { ...graph, ...patch };
  for (const key of Object.keys(patch)) if (next[key] === undefined) delete next[key];
  return next as GraphInput;
}
