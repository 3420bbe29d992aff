/** Graph helpers over nodes and edges: start nodes, topological order, ancestors, reachability, cycles. */

/**
 * The structure these helpers read. Any `Graph` fits; so does a half-valid graph (edges whose ends are not
 * nodes are ignored, so callers can run the helpers before validation has passed).
 */
export interface GraphShape {
  nodes: readonly { id: string }[];
  edges: readonly { from: string; to: string }[];
}

/** Outgoing and incoming neighbour lists, in node and edge order. Build once when calling several helpers. */
export interface Adjacency {
  ids: string[];
  outgoing: Map<string, string[]>;
  incoming: Map<string, string[]>;
}

/** Neighbour lists of a graph (edges with an unknown end are left out; repeated edges count once). */
export function adjacency(graph: GraphShape): Adjacency {
  const ids = graph.nodes.map((node) => node.id);
  const outgoing = new Map<string, string[]>(ids.map((id) => [id, []]));
  const incoming = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of graph.edges) {
    const next = outgoing.get(edge.from);
    const previous = incoming.get(edge.to);
    if (!next || !previous || next.includes(edge.to)) continue;
    next.push(edge.to);
    previous.push(edge.from);
  }
  return { ids, outgoing, incoming };
}

function asAdjacency(graph: GraphShape | Adjacency): Adjacency {
  return "ids" in graph ? graph : adjacency(graph);
}

/** Nodes without an incoming edge, in node order. */
export function startNodes(graph: GraphShape | Adjacency): string[] {
  const { ids, incoming } = asAdjacency(graph);
  return ids.filter((id) => (incoming.get(id)?.length ?? 0) === 0);
}

/** Every node reachable from `from` along edges (`from` included). */
export function reachableFrom(graph: GraphShape | Adjacency, from: readonly string[]): Set<string> {
  const { outgoing } = asAdjacency(graph);
  const seen = new Set<string>();
  const stack = from.filter((id) => outgoing.has(id));
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of outgoing.get(id) ?? []) if (!seen.has(next)) stack.push(next);
  }
  return seen;
}

function walkBack(incoming: Map<string, string[]>, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(incoming.get(nodeId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(incoming.get(id) ?? []));
  }
  return seen;
}

/**
 * The nodes that run before `nodeId` on some path (its transitive predecessors). The node itself is included
 * only if it sits on a cycle.
 * @example ancestors(graph, "notify") // Set { "fetch", "check" }
 */
export function ancestors(graph: GraphShape | Adjacency, nodeId: string): Set<string> {
  return walkBack(asAdjacency(graph).incoming, nodeId);
}

/** The nodes that run after `nodeId` on some path. */
export function descendants(graph: GraphShape | Adjacency, nodeId: string): Set<string> {
  const { outgoing } = asAdjacency(graph);
  return walkBack(outgoing, nodeId);
}

/**
 * Node ids so that every edge goes forward (Kahn's algorithm; ties keep node order, so the result is
 * deterministic). `null` when the graph has a cycle.
 */
export function topologicalOrder(graph: GraphShape | Adjacency): string[] | null {
  const { ids, outgoing, incoming } = asAdjacency(graph);
  const remaining = new Map(ids.map((id) => [id, incoming.get(id)?.length ?? 0]));
  const position = new Map(ids.map((id, index) => [id, index]));
  // A sorted "ready" list keeps the order stable: always take the earliest node in node order.
  const ready = ids.filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      const left = (remaining.get(next) ?? 0) - 1;
      remaining.set(next, left);
      if (left === 0) {
        const at = ready.findIndex((other) => (position.get(other) ?? 0) > (position.get(next) ?? 0));
        ready.splice(at === -1 ? ready.length : at, 0, next);
      }
    }
  }
  return order.length === ids.length ? order : null;
}

/** Strongly connected components with a cycle (several nodes, or one node with an edge to itself). */
function cyclicComponents(graph: Adjacency, selfLoops: Set<string>): string[][] {
  // Tarjan's algorithm, iterative so a long chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of graph.ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const neighbours = graph.outgoing.get(frame.id) ?? [];
      if (frame.next < neighbours.length) {
        const next = neighbours[frame.next++] as string;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(next) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        if (component.length > 1 || selfLoops.has(frame.id)) components.push(component);
      }
    }
  }
  return components;
}

/** One concrete cycle inside a component, as a closed walk `[a, b, c, a]`, starting at its first node in node order. */
function cycleIn(graph: Adjacency, component: string[]): string[] {
  const members = new Set(component);
  const start = graph.ids.find((id) => members.has(id)) as string;
  // Breadth-first search from start's successors back to start gives the shortest cycle through it.
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const next of graph.outgoing.get(id) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [id];
        for (let at = id; at !== start; ) {
          at = parent.get(at) as string;
          path.unshift(at);
        }
        return [...path, start];
      }
      if (!parent.has(next)) {
        parent.set(next, id);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Every independent cycle (one per strongly connected component), each as `[a, b, c, a]`, in node order. */
export function findCycles(graph: GraphShape): string[][] {
  const selfLoops = new Set(graph.edges.filter((edge) => edge.from === edge.to).map((edge) => edge.from));
  const adjacent = adjacency(graph);
  const position = new Map(adjacent.ids.map((id, index) => [id, index]));
  return cyclicComponents(adjacent, selfLoops)
    .map((component) => cycleIn(adjacent, component))
    .sort((a, b) => (position.get(a[0] ?? "") ?? 0) - (position.get(b[0] ?? "") ?? 0));
}

/**
 * A cycle if there is one, as a closed walk.
 * @example findCycle({ nodes: [{ id: "a" }, { id: "b" }], edges: [{ from: "a", to: "b" }, { from: "b", to: "a" }] })
 *   // ["a", "b", "a"]
 */
export function findCycle(graph: GraphShape): string[] | null {
  return findCycles(graph)[0] ?? null;
}
