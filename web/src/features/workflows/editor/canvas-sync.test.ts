import { describe, expect, it } from "vitest";
import type { GraphInput } from "../../../../../worker/contracts/workflow";
import { toCanvas } from "../canvas/to-canvas";
import { mergeEdges, mergeNodes } from "./canvas-sync";

const graph: GraphInput = {
  nodes: [
    { id: "a", type: "noop", config: {}, position: { x: 0, y: 0 } },
    { id: "b", type: "noop", config: {}, position: { x: 0, y: 200 } },
  ],
  edges: [{ from: "a", to: "b" }],
};

describe("mergeNodes", () => {
  it("selects the editor's selection only", () => {
    const nodes = mergeNodes([], toCanvas(graph).nodes, { kind: "node", id: "b" });
    expect(nodes.map((node) => node.selected)).toEqual([false, true]);
    expect(mergeNodes(nodes, toCanvas(graph).nodes, null).map((node) => node.selected)).toEqual([false, false]);
  });

  it("keeps unchanged nodes as they are and measured sizes across changes", () => {
    const first = mergeNodes([], toCanvas(graph).nodes, null).map((node) => ({
      ...node,
      measured: { width: 240, height: 72 },
    }));
    const again = mergeNodes(first, toCanvas(graph).nodes, null);
    expect(again[0]).toBe(first[0]);
    const renamed = toCanvas({ ...graph, nodes: [{ ...graph.nodes[0]!, name: "Start" }, graph.nodes[1]!] });
    const merged = mergeNodes(first, renamed.nodes, null);
    expect(merged[0]?.data.label).toBe("Start");
    expect(merged[0]?.measured).toEqual({ width: 240, height: 72 });
    expect(merged[1]).toBe(first[1]);
  });

  it("leaves a node being dragged where the pointer has it, and drops removed nodes", () => {
    const first = mergeNodes([], toCanvas(graph).nodes, null);
    const dragging = [{ ...first[0]!, dragging: true, position: { x: 55, y: 66 } }, first[1]!];
    const withIssue = toCanvas(graph, { issues: [{ code: "cycle", message: "loop", node_id: "a" }] });
    const merged = mergeNodes(dragging, withIssue.nodes, null);
    expect(merged[0]?.position).toEqual({ x: 55, y: 66 });
    expect(merged[0]?.data.issues).toEqual(["loop"]);
    const removed = mergeNodes(merged, toCanvas({ ...graph, nodes: [graph.nodes[1]!], edges: [] }).nodes, null);
    expect(removed.map((node) => node.id)).toEqual(["b"]);
  });
});

describe("mergeEdges", () => {
  it("marks edges with problems and applies the selection", () => {
    const { edges } = toCanvas(graph, { issues: [{ code: "invalid_branch_label", message: "bad", edge_index: 0 }] });
    const [edge] = mergeEdges([], edges, { kind: "edge", id: "a->b" });
    expect(edge).toMatchObject({ selected: true, className: "wf-edge-issue", ariaLabel: "Edge with problems: bad" });
    const clean = mergeEdges([edge!], toCanvas(graph).edges, null);
    expect(clean[0]?.className).toBeUndefined();
    expect(clean[0]?.selected).toBe(false);
    expect(mergeEdges(clean, toCanvas(graph).edges, null)[0]).toBe(clean[0]);
  });
});
