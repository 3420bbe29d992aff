// The engine's structural view of a workflow graph, compiled once (adjacency, topological index) and cached by the shell.
import { EngineInputError } from "./errors";

/** Retry policy of a node, as in the workflow contract. */
export interface EngineRetryPolicy {
  max_attempts: number;
  backoff: "fixed" | "exponential";
  base_delay_ms: number;
  max_delay_ms?: number;
  non_retryable_codes?: string[];
}

/** The fields of a workflow node the engine reads (the full contract's node satisfies it). */
export interface EngineNode {
  id: string;
  type: string;
  name?: string;
  phase?: string;
  retry?: EngineRetryPolicy;
  timeout_ms?: number;
  join?: "all" | "any";
}

/** An edge; `when` labels the branch of a `condition`/`switch` source. */
export interface EngineEdge {
  from: string;
  to: string;
  when?: string | null;
}

/** The fields of a workflow graph the engine reads. */
export interface EngineGraph {
  nodes: EngineNode[];
  edges: EngineEdge[];
  settings?: { run_timeout_ms?: number };
}

/** An edge with its position in `graph.edges`. */
export interface CompiledEdge {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  /** Branch label; `null` means "always taken when the source succeeds". */
  readonly when: string | null;
}

/** One node with everything the reducer needs in O(1). */
export interface CompiledNode {
  readonly node: EngineNode;
  /** Position in topological order (also `current_step.index`). */
  readonly index: number;
  readonly label: string;
  readonly incoming: readonly CompiledEdge[];
  readonly outgoing: readonly CompiledEdge[];
  /** `condition` and `switch` nodes choose which outgoing edges are taken. */
  readonly branching: "condition" | "switch" | null;
  readonly join: "all" | "any";
  readonly timeout_ms: number;
}

/** A graph compiled for execution. Immutable; safe to cache per workflow version. */
export interface CompiledGraph {
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  /** Node ids in topological order (ties keep the graph's node order). */
  readonly order: readonly string[];
  /** Nodes without incoming edges; all start at once. */
  readonly starts: readonly string[];
  readonly run_timeout_ms: number;
  readonly size: number;
}

/** Per-node timeout when the node sets none (SPEC §4). */
export const DEFAULT_NODE_TIMEOUT_MS = 120_000;
/** Per-run timeout when the graph sets none (SPEC §4). */
export const DEFAULT_RUN_TIMEOUT_MS = 1_800_000;

/**
 * Compiles a graph: checks ids, edge ends and acyclicity, precomputes adjacency and a topological
 * order so each reducer event costs O(degree). Throws {@link EngineInputError} for a graph that cannot run
 * (full validation with every issue is the graph validator's job; this is the engine's safety net).
 * @example const compiled = compileGraph(version.graph); // cache per (workflow_id, version)
 */
export function compileGraph(graph: EngineGraph): CompiledGraph {
  if (graph.nodes.length === 0) throw new EngineInputError("invalid_graph", "The workflow has no steps");
  const position = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    if (position.has(node.id)) throw new EngineInputError("invalid_graph", `Duplicate step id "${node.id}"`);
    position.set(node.id, i);
  });
  const incoming = graph.nodes.map((): CompiledEdge[] => []);
  const outgoing = graph.nodes.map((): CompiledEdge[] => []);
  graph.edges.forEach((edge, index) => {
    const from = position.get(edge.from);
    const to = position.get(edge.to);
    if (from === undefined || to === undefined) {
      throw new EngineInputError(
        "invalid_graph",
        `Edge ${index} (${edge.from} → ${edge.to}) references a missing step`,
      );
    }
    const compiled: CompiledEdge = { index, from: edge.from, to: edge.to, when: edge.when ?? null };
    outgoing[from]?.push(compiled);
    incoming[to]?.push(compiled);
  });
  const order = topologicalOrder(graph, position, incoming, outgoing);
  const topoIndex = new Map(order.map((id, i) => [id, i]));
  const nodes = new Map<string, CompiledNode>();
  graph.nodes.forEach((node, i) => {
    nodes.set(node.id, {
      node,
      index: topoIndex.get(node.id) ?? i,
      label: node.name?.trim() || node.id,
      incoming: incoming[i] ?? [],
      outgoing: outgoing[i] ?? [],
      branching: node.type === "condition" || node.type === "switch" ? node.type : null,
      join: node.join ?? "all",
      timeout_ms: node.timeout_ms ?? DEFAULT_NODE_TIMEOUT_MS,
    });
  });
  return {
    nodes,
    order,
    starts: graph.nodes.filter((_, i) => (incoming[i]?.length ?? 0) === 0).map((n) => n.id),
    run_timeout_ms: graph.settings?.run_timeout_ms ?? DEFAULT_RUN_TIMEOUT_MS,
    size: graph.nodes.length,
  };
}

/** Kahn's algorithm; a leftover node means a cycle. */
function topologicalOrder(
  graph: EngineGraph,
  position: ReadonlyMap<string, number>,
  incoming: readonly CompiledEdge[][],
  outgoing: readonly CompiledEdge[][],
): string[] {
  const remaining = incoming.map((edges) => edges.length);
  const queue: number[] = [];
  remaining.forEach((n, i) => {
    if (n === 0) queue.push(i);
  });
  const order: string[] = [];
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head] as number;
    order.push((graph.nodes[i] as EngineNode).id);
    for (const edge of outgoing[i] ?? []) {
      const j = position.get(edge.to) as number;
      remaining[j] = (remaining[j] ?? 0) - 1;
      if (remaining[j] === 0) queue.push(j);
    }
  }
  if (order.length !== graph.nodes.length) {
    const stuck = graph.nodes.filter((_, i) => (remaining[i] ?? 0) > 0).map((n) => n.id);
    throw new EngineInputError("invalid_graph", `The workflow has a cycle through: ${stuck.join(", ")}`);
  }
  return order;
}

/** Looks a node up; throws for an id the graph doesn't have (callers check ids at the boundary first). */
export function nodeOf(compiled: CompiledGraph, nodeId: string): CompiledNode {
  const node = compiled.nodes.get(nodeId);
  if (!node) throw new EngineInputError("invalid_graph", `Unknown step "${nodeId}"`);
  return node;
}

/** The node and all its ancestors (used by `until_step`). O(ancestors + their edges). */
export function ancestorsAndSelf(compiled: CompiledGraph, nodeId: string): Set<string> {
  const seen = new Set<string>([nodeId]);
  const stack = [nodeId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const edge of nodeOf(compiled, id).incoming) {
      if (!seen.has(edge.from)) {
        seen.add(edge.from);
        stack.push(edge.from);
      }
    }
  }
  return seen;
}
