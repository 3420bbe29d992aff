import type { Edge, Node } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import type { GraphInput } from "../../../../../worker/contracts/workflow";
import { APPROVAL_FLOW } from "../../../../../worker/contracts/workflow-examples";
import { autoLayout } from "./layout";
import { FLUXO_NODE_TYPE, fromCanvas, toCanvas, UNKNOWN_TYPE_ICON } from "./to-canvas";

const graph: GraphInput = autoLayout(APPROVAL_FLOW.graph);

describe("toCanvas", () => {
  it("maps nodes to the fluxo node type with label, icon and branch handles", () => {
    const { nodes } = toCanvas(graph);
    expect(nodes.map((node) => node.id)).toEqual(["review", "check_decision", "deploy", "deferred"]);
    const check = nodes[1];
    expect(check?.type).toBe(FLUXO_NODE_TYPE);
    expect(check?.data).toEqual({
      nodeType: "condition",
      label: "Deploy now?",
      icon: "🔀",
      issues: [],
      branches: ["true", "false"],
    });
    expect(check?.position).toEqual(graph.nodes[1]?.position);
  });

  it("labels branch edges and gives every edge a stable unique id", () => {
    const { edges } = toCanvas(graph);
    expect(edges.map((edge) => [edge.id, edge.source, edge.target, edge.label, edge.sourceHandle])).toEqual([
      ["review->check_decision", "review", "check_decision", undefined, undefined],
      ["check_decision->deploy:true", "check_decision", "deploy", "true", "true"],
      ["check_decision->deferred:false", "check_decision", "deferred", "false", "false"],
    ]);
    const doubled = toCanvas({ ...graph, edges: [...graph.edges, { from: "review", to: "check_decision" }] });
    expect(doubled.edges.at(-1)?.id).toBe("review->check_decision#2");
  });

  it("shows run statuses and validation issues on the right nodes and edges", () => {
    const { nodes, edges } = toCanvas(graph, {
      statuses: { review: "succeeded", check_decision: "running" },
      issues: [
        { code: "unknown_reference", message: "bad ref", node_id: "deploy" },
        { code: "invalid_branch_label", message: "bad label", edge_index: 2 },
        { code: "too_many_nodes", message: "graph-wide" },
      ],
    });
    expect(nodes.map((node) => node.data.status)).toEqual(["succeeded", "running", undefined, undefined]);
    expect(nodes.map((node) => node.data.issues)).toEqual([[], [], ["bad ref"], []]);
    expect(edges.map((edge) => edge.data?.issues)).toEqual([[], [], ["bad label"]]);
  });

  it("places nodes that have no position with the automatic layout", () => {
    const { nodes } = toCanvas(APPROVAL_FLOW.graph);
    expect(nodes.map((node) => node.position)).toEqual(graph.nodes.map((node) => node.position));
  });

  it("shows no branch handles while a switch config is incomplete", () => {
    const draft: GraphInput = {
      nodes: [{ id: "s", type: "switch", config: { expression: "x", cases: [] } }],
      edges: [],
    };
    expect(toCanvas(draft).nodes[0]?.data.branches).toEqual([]);
  });

  it("renders a node of a type the registry doesn't know instead of failing (imported drafts)", () => {
    const draft = {
      nodes: [{ id: "x", type: "teleport", config: {}, position: { x: 0, y: 0 } }],
      edges: [],
    } as unknown as GraphInput;
    const [node] = toCanvas(draft).nodes;
    expect(node?.data).toMatchObject({ icon: UNKNOWN_TYPE_ICON, branches: [], label: "x" });
  });
});

describe("fromCanvas", () => {
  it("round-trips a graph unchanged", () => {
    const { nodes, edges } = toCanvas(graph);
    expect(fromCanvas(nodes, edges, graph)).toEqual(graph);
  });

  it("takes positions, removals and new edges from the canvas and everything else from the definition", () => {
    const { nodes, edges } = toCanvas(graph);
    const moved = nodes
      .filter((node) => node.id !== "deferred")
      .map((node) => (node.id === "deploy" ? { ...node, position: { x: 10.4, y: 20.6 } } : node));
    const rewired: Edge[] = [
      ...edges.filter((edge) => edge.target !== "deferred"),
      { id: "new", source: "deploy", target: "review", sourceHandle: null },
    ];
    const result = fromCanvas(moved, rewired, graph);
    expect(result.nodes.map((node) => node.id)).toEqual(["review", "check_decision", "deploy"]);
    expect(result.nodes[2]).toEqual({ ...graph.nodes[2], position: { x: 10, y: 21 } });
    expect(result.edges.at(-1)).toEqual({ from: "deploy", to: "review" });
    expect(result.input_schema).toBe(graph.input_schema);
  });

  it("creates nodes dropped from the palette with their type's default config", () => {
    const dropped: Node = {
      id: "wait_1",
      type: FLUXO_NODE_TYPE,
      position: { x: 0, y: 0 },
      data: { nodeType: "delay", label: "wait_1" },
    };
    const connected: Edge = { id: "e", source: "deferred", target: "wait_1", label: "" };
    const { nodes, edges } = toCanvas(graph);
    const result = fromCanvas([...nodes, dropped], [...edges, connected], graph);
    expect(result.nodes.at(-1)).toEqual({
      id: "wait_1",
      type: "delay",
      config: { duration_ms: 60_000 },
      position: { x: 0, y: 0 },
    });
    expect(result.edges.at(-1)).toEqual({ from: "deferred", to: "wait_1" });
  });

  it("ignores canvas nodes that are not workflow nodes", () => {
    const note: Node = { id: "note", type: "annotation", position: { x: 0, y: 0 }, data: {} };
    const { nodes, edges } = toCanvas(graph);
    expect(fromCanvas([...nodes, note], edges, graph).nodes).toHaveLength(4);
  });
});
