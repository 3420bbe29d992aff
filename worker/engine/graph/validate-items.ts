/** Node-by-node and edge-by-edge checks of a graph, so one bad node never hides the problems of the others. */
import { z } from "zod";
import { getNodeType, NODE_CONFIG_SCHEMAS, type NodeConfig, NodeType } from "../../contracts/node-types";
import { type GraphIssue, NODE_SCHEMAS, NodeId } from "../../contracts/workflow";

/** A node as far as it could be understood. `config` is set only when it passed its type's schema. */
export interface CheckedNode {
  index: number;
  /** Undefined when the id is missing or invalid (the node then takes no part in structure checks). */
  id: string | undefined;
  name: string | undefined;
  type: NodeType | undefined;
  rawConfig: unknown;
  config: NodeConfig | undefined;
}

/** An edge whose ends are both nodes, with its index in the original list. */
export interface CheckedEdge {
  index: number;
  from: string;
  to: string;
  when: string | null;
}

/** `"Fetch user" (get_user)` or `"get_user"`, for messages. */
export function describeNode(node: { id?: string | undefined; name?: string | undefined; index?: number }): string {
  if (node.id === undefined) return `#${node.index ?? "?"}`;
  return node.name ? `"${node.name}" (${node.id})` : `"${node.id}"`;
}

/** Dotted path from the graph root. */
export function pathOf(...parts: readonly PropertyKey[]): string {
  return parts.map(String).join(".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeLabel(type: NodeType): string {
  return getNodeType(type).label;
}

/** Parses every node on its own, reporting shape, type, config and duplicate-id problems. */
export function checkNodes(rawNodes: readonly unknown[], issues: GraphIssue[]): CheckedNode[] {
  const checked: CheckedNode[] = [];
  const firstIndex = new Map<string, number>();
  for (const [index, raw] of rawNodes.entries()) {
    if (!isRecord(raw)) {
      issues.push({ code: "invalid_graph", message: `Node #${index} is not an object`, path: pathOf("nodes", index) });
      continue;
    }
    const idResult = NodeId.safeParse(raw.id);
    let id: string | undefined;
    if (!idResult.success) {
      const shown = typeof raw.id === "string" ? `"${raw.id}"` : "missing";
      issues.push({
        code: "invalid_graph",
        message: `Node #${index} has an invalid id (${shown}): ${idResult.error.issues[0]?.message ?? "invalid"}`,
        path: pathOf("nodes", index, "id"),
      });
    } else if (firstIndex.has(idResult.data)) {
      issues.push({
        code: "duplicate_node_id",
        message: `Node id "${idResult.data}" is used by node #${firstIndex.get(idResult.data)} and node #${index}; ids must be unique`,
        node_id: idResult.data,
        path: pathOf("nodes", index, "id"),
      });
    } else {
      id = idResult.data;
      firstIndex.set(id, index);
    }
    const name = typeof raw.name === "string" ? raw.name : undefined;
    const who = describeNode({ id: idResult.success ? idResult.data : undefined, name, index });
    const typeResult = NodeType.safeParse(raw.type);
    if (!typeResult.success) {
      issues.push({
        code: "unknown_node_type",
        message: `Node ${who} has ${typeof raw.type === "string" ? `an unknown type "${raw.type}"` : "no type"}; use one of ${NodeType.options.join(", ")}`,
        node_id: id,
        path: pathOf("nodes", index, "type"),
      });
      checked.push({ index, id, name, type: undefined, rawConfig: raw.config, config: undefined });
      continue;
    }
    const type = typeResult.data;
    // Fields other than id, type and config: reported as invalid_graph (id and type are handled above).
    const whole = NODE_SCHEMAS[type].safeParse(raw);
    for (const issue of whole.success ? [] : whole.error.issues) {
      const [head] = issue.path;
      if (head === "config" || head === "id" || head === "type") continue;
      issues.push({
        code: "invalid_graph",
        message: `Node ${who}: ${issue.path.length > 0 ? `${pathOf(...issue.path)}: ` : ""}${issue.message}`,
        node_id: id,
        path: pathOf("nodes", index, ...issue.path),
      });
    }
    const configResult = NODE_CONFIG_SCHEMAS[type].safeParse(raw.config);
    for (const issue of configResult.success ? [] : configResult.error.issues) {
      const where = pathOf("config", ...issue.path);
      issues.push({
        code: "invalid_node_config",
        message: `Node ${who} (${typeLabel(type)}): ${where}: ${issue.message}`,
        node_id: id,
        path: pathOf("nodes", index, where),
      });
    }
    const config = configResult.success ? configResult.data : undefined;
    checked.push({ index, id, name, type, rawConfig: raw.config, config });
  }
  return checked;
}

const EdgeShape = z.strictObject({
  from: z.string(),
  to: z.string(),
  when: z.string().max(100).nullable().optional(),
});

/** Parses every edge, reporting shape, dangling and duplicate edges; returns the usable ones. */
export function checkEdges(rawEdges: readonly unknown[], nodeIds: ReadonlySet<string>, issues: GraphIssue[]) {
  const usable: CheckedEdge[] = [];
  const seen = new Map<string, number>();
  for (const [index, raw] of rawEdges.entries()) {
    const parsed = EdgeShape.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({
          code: "invalid_graph",
          message: `Edge #${index}: ${issue.path.length > 0 ? `${pathOf(...issue.path)}: ` : ""}${issue.message}`,
          edge_index: index,
          path: pathOf("edges", index, ...issue.path),
        });
      }
      continue;
    }
    const { from, to } = parsed.data;
    const when = parsed.data.when ?? null;
    const label = `Edge #${index} (${from} → ${to}${when === null ? "" : ` [${when}]`})`;
    const missing = [from, to].filter((end) => !nodeIds.has(end));
    if (missing.length > 0) {
      issues.push({
        code: "dangling_edge",
        message: `${label} points to ${missing.map((end) => `"${end}"`).join(" and ")}, which ${missing.length > 1 ? "are not nodes" : "is not a node"}`,
        edge_index: index,
        path: pathOf("edges", index, nodeIds.has(from) ? "to" : "from"),
      });
      continue;
    }
    const key = JSON.stringify([from, to, when]);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        code: "duplicate_edge",
        message: `${label} repeats edge #${first}`,
        edge_index: index,
        path: pathOf("edges", index),
      });
      continue;
    }
    seen.set(key, index);
    usable.push({ index, from, to, when });
  }
  return usable;
}
