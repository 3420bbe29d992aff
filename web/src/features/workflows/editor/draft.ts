/** Reading a saved (possibly incomplete) draft into the editor's graph, and telling whether there are unsaved changes. */

import type { GraphInput, WorkflowNodeInput } from "../../../../../worker/contracts/workflow";
import type { DraftGraph } from "../../../../../worker/contracts/workflows";
import { layoutPositions } from "../canvas/layout";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A draft as the editor holds it: graph-shaped, configs not yet valid. The API stores drafts unvalidated, so
 * this only makes sure every node has a string id, a type and a config object (React Flow needs ids) and that
 * every node has a position (missing ones come from the automatic layout). Unknown fields and unknown types are
 * kept as they are: validation reports them, and saving must not lose them.
 * @example const graph = readDraft(workflow.draft.graph);
 */
export function readDraft(draft: DraftGraph): GraphInput {
  const used = new Set<string>();
  const nodes = draft.nodes.map((raw, index) => {
    let id = typeof raw.id === "string" && raw.id !== "" && !used.has(raw.id) ? raw.id : `node_${index + 1}`;
    while (used.has(id)) id = `${id}_${index + 1}`;
    used.add(id);
    const type = typeof raw.type === "string" ? raw.type : "";
    const config = raw.config === undefined ? {} : raw.config;
    // The cast is the boundary: the rest of the editor treats configs as unvalidated input (validateGraph judges).
    return { ...raw, id, type, config } as unknown as WorkflowNodeInput;
  });
  const edges = draft.edges.map((raw) => ({
    ...raw,
    from: typeof raw.from === "string" ? raw.from : "",
    to: typeof raw.to === "string" ? raw.to : "",
  })) as GraphInput["edges"];
  const graph = { ...draft, nodes, edges } as GraphInput;
  if (nodes.every((node) => node.position)) return graph;
  const positions = layoutPositions(graph);
  return {
    ...graph,
    nodes: nodes.map((node) =>
      node.position ? node : { ...node, position: positions.get(node.id) ?? { x: 0, y: 0 } },
    ),
  };
}

/**
 * JSON with object keys sorted and `undefined` members dropped, so two graphs that mean the same compare equal
 * whatever order their keys were written in.
 * @example canonicalJson({ b: 1, a: undefined, c: [2] }) // '{"b":1,"c":[2]}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (!isRecord(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) sorted[key] = item[key];
    return sorted;
  });
}

/** True when `graph` differs from the last saved one (`savedJson` is its `canonicalJson`). */
export function hasUnsavedChanges(graph: GraphInput, savedJson: string): boolean {
  return canonicalJson(graph) !== savedJson;
}
