/** `validateGraph`: every problem of a workflow graph at once (shape, structure, branches, expressions). */
import { nodeBranches } from "../../contracts/node-types";
import { Graph, type GraphIssue, GraphSettings, InputSchema } from "../../contracts/workflow";
import { adjacency, ancestors, findCycles, reachableFrom, startNodes } from "./traversal";
import { checkConcurrencyKey, checkNodeExpressions, type ReferenceScope } from "./validate-expressions";
import { type CheckedEdge, type CheckedNode, checkEdges, checkNodes, describeNode, pathOf } from "./validate-items";

export interface ValidateGraphOptions {
  /** The org's node limit (default 50 in SPEC §8). */
  maxNodes: number;
}

/** The outcome. When valid, `graph` is the parsed graph (config defaults applied). */
export type GraphValidation = { valid: true; issues: []; graph: Graph } | { valid: false; issues: GraphIssue[] };

const GRAPH_KEYS = new Set(["nodes", "edges", "input_schema", "settings", "vars"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Top-level fields; returns the node and edge lists (empty when they are not arrays). */
function checkEnvelope(raw: Record<string, unknown>, issues: GraphIssue[]) {
  for (const key of Object.keys(raw)) {
    if (!GRAPH_KEYS.has(key)) issues.push({ code: "invalid_graph", message: `Unknown field "${key}"`, path: key });
  }
  const lists = { nodes: [] as unknown[], edges: [] as unknown[] };
  for (const key of ["nodes", "edges"] as const) {
    const value = raw[key];
    if (Array.isArray(value)) lists[key] = value;
    else issues.push({ code: "invalid_graph", message: `"${key}" must be a list`, path: key });
  }
  const settings = raw.settings === undefined ? undefined : GraphSettings.safeParse(raw.settings);
  for (const issue of settings?.success === false ? settings.error.issues : []) {
    const path = pathOf("settings", ...issue.path);
    issues.push({ code: "invalid_graph", message: `${path}: ${issue.message}`, path });
  }
  const inputSchema = raw.input_schema === undefined ? undefined : InputSchema.safeParse(raw.input_schema);
  for (const issue of inputSchema?.success === false ? inputSchema.error.issues : []) {
    const path = pathOf("input_schema", ...issue.path);
    issues.push({ code: "invalid_input_schema", message: `${path}: ${issue.message}`, path });
  }
  if (raw.vars !== undefined && !isRecord(raw.vars)) {
    issues.push({ code: "invalid_graph", message: `"vars" must be an object`, path: "vars" });
  }
  return {
    ...lists,
    settings: settings?.success ? settings.data : undefined,
    inputSchema: inputSchema?.success ? inputSchema.data : undefined,
    varNames: isRecord(raw.vars) ? Object.keys(raw.vars) : undefined,
  };
}

/** Cycles, start nodes and reachability over the usable nodes and edges. */
function checkStructure(
  nodes: readonly CheckedNode[],
  edges: readonly CheckedEdge[],
  allowParallelStart: boolean,
  issues: GraphIssue[],
) {
  const byId = new Map(nodes.flatMap((node) => (node.id === undefined ? [] : [[node.id, node] as const])));
  const shape = { nodes: [...byId.keys()].map((id) => ({ id })), edges };
  const adjacent = adjacency(shape);
  for (const cycle of findCycles(shape)) {
    issues.push({
      code: "cycle",
      message: `The graph has a cycle: ${cycle.join(" → ")}; a workflow must not loop back`,
      node_id: cycle[0],
    });
  }
  const starts = startNodes(adjacent);
  if (byId.size === 0) {
    issues.push({ code: "no_start_node", message: "The workflow has no nodes", path: "nodes" });
  } else if (starts.length === 0) {
    issues.push({ code: "no_start_node", message: "Every node has an incoming edge, so nothing can start the run" });
  } else if (starts.length > 1 && !allowParallelStart) {
    const [first, ...others] = starts;
    for (const id of others) {
      issues.push({
        code: "multiple_start_nodes",
        message: `Node ${describeNode(byId.get(id) ?? { id })} has no incoming edge, so it would start the run alongside "${first}"; connect it, or set settings.allow_parallel_start`,
        node_id: id,
      });
    }
  }
  if (starts.length > 0) {
    const reached = reachableFrom(adjacent, starts);
    for (const [id, node] of byId) {
      if (!reached.has(id)) {
        issues.push({
          code: "unreachable_node",
          message: `Node ${describeNode(node)} can't be reached from a start node, so it would never run`,
          node_id: id,
          path: pathOf("nodes", node.index),
        });
      }
    }
  }
  return { byId, adjacent };
}

/** Labels on edges must match the branches their source node offers. */
function checkBranchLabels(edges: readonly CheckedEdge[], byId: Map<string, CheckedNode>, issues: GraphIssue[]) {
  for (const edge of edges) {
    const source = byId.get(edge.from);
    if (source?.type === undefined || source.config === undefined) continue;
    const allowed = nodeBranches({ type: source.type, config: source.config });
    const label = `Edge #${edge.index} (${edge.from} → ${edge.to})`;
    const options = allowed.map((value) => `"${value}"`).join(", ");
    let message: string | null = null;
    if (allowed.length === 0 && edge.when !== null) {
      message = `${label} is labelled "${edge.when}", but edges leaving ${describeNode(source)} (${source.type}) take no label`;
    } else if (allowed.length > 0 && edge.when === null) {
      message = `${label} leaves ${source.type} node ${describeNode(source)} without a label; use one of ${options}`;
    } else if (edge.when !== null && allowed.length > 0 && !allowed.includes(edge.when)) {
      message = `${label} is labelled "${edge.when}", which ${describeNode(source)} doesn't offer; use one of ${options}`;
    }
    if (message) {
      issues.push({
        code: "invalid_branch_label",
        message,
        edge_index: edge.index,
        path: pathOf("edges", edge.index, "when"),
      });
    }
  }
}

/**
 * Checks a workflow graph and returns every problem at once; never throws. Issues name the node or edge
 * (`node_id`, `edge_index`) and the field (`path`, dotted from the graph root).
 * @example
 * const result = validateGraph(body.graph, { maxNodes: org.limits.nodes });
 * if (!result.valid) throw new AppError("validation_failed", "Invalid workflow", { details: { issues: result.issues } });
 */
export function validateGraph(input: unknown, options: ValidateGraphOptions): GraphValidation {
  try {
    return validate(input, options);
  } catch (err) {
    // Only pathological input gets here (e.g. a config nested thousands of levels deep overflowing the stack).
    const reason = err instanceof Error ? err.message : String(err);
    return { valid: false, issues: [{ code: "invalid_graph", message: `The graph could not be checked: ${reason}` }] };
  }
}

function validate(input: unknown, options: ValidateGraphOptions): GraphValidation {
  const issues: GraphIssue[] = [];
  if (!isRecord(input)) {
    issues.push({ code: "invalid_graph", message: "The graph must be an object with nodes and edges" });
    return { valid: false, issues };
  }
  const envelope = checkEnvelope(input, issues);
  if (envelope.nodes.length > options.maxNodes) {
    issues.push({
      code: "too_many_nodes",
      message: `The workflow has ${envelope.nodes.length} nodes; the limit is ${options.maxNodes}`,
      path: "nodes",
    });
  }
  const nodes = checkNodes(envelope.nodes, issues);
  const nodeIds = new Set(nodes.flatMap((node) => (node.id === undefined ? [] : [node.id])));
  const edges = checkEdges(envelope.edges, nodeIds, issues);
  const allowParallel = envelope.settings?.allow_parallel_start === true;
  const { byId, adjacent } = checkStructure(nodes, edges, allowParallel, issues);
  checkBranchLabels(edges, byId, issues);

  const ancestorCache = new Map<string, ReadonlySet<string>>();
  const properties = envelope.inputSchema?.properties;
  const scope: ReferenceScope = {
    nodeIds,
    ancestorsOf: (id) => {
      const known = ancestorCache.get(id) ?? ancestors(adjacent, id);
      ancestorCache.set(id, known);
      return known;
    },
    inputProperties: properties ? Object.keys(properties) : undefined,
    varNames: envelope.varNames,
  };
  checkNodeExpressions(nodes, scope, issues);
  const key = envelope.settings?.concurrency?.key;
  if (key !== undefined) checkConcurrencyKey(key, scope, issues);

  if (issues.length > 0) return { valid: false, issues };
  // Safety net: the strict schema must agree with the checks above.
  const parsed = Graph.safeParse(input);
  if (!parsed.success) {
    const extra = parsed.error.issues.map((issue): GraphIssue => {
      const path = pathOf(...issue.path);
      return { code: "invalid_graph", message: `${path}: ${issue.message}`, path };
    });
    return { valid: false, issues: extra };
  }
  return { valid: true, issues: [], graph: parsed.data };
}
