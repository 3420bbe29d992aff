import { describe, expect, it } from "vitest";
import type { GraphInput } from "../../../../../worker/contracts/workflow";
import { NODE_HEIGHT, NODE_WIDTH } from "../canvas/layout";
import {
  addNode,
  connect,
  moveNodes,
  nextNodeId,
  nodeIdProblem,
  placeNewNode,
  relabelEdge,
  removeElements,
  renameNode,
  replaceNode,
  updateGraphFields,
} from "./graph-edit";

const graph: GraphInput = {
  nodes: [
    { id: "http_1", type: "http", config: { method: "GET", url: "https://x" }, position: { x: 0, y: 0 } },
    { id: "check", type: "condition", config: { expression: "steps.http_1.output.ok" }, position: { x: 0, y: 150 } },
    {
      id: "shape",
      type: "transform",
      config: { expression: "$count(steps.http_1.output) + steps.http_10.output + mysteps.http_1" },
      position: { x: 0, y: 300 },
    },
  ],
  edges: [
    { from: "http_1", to: "check" },
    { from: "check", to: "shape", when: "true" },
  ],
};

describe("adding nodes", () => {
  it("names new nodes <type>_<n> with the smallest free number", () => {
    expect(nextNodeId(graph, "http")).toBe("http_2");
    expect(nextNodeId(graph, "noop")).toBe("noop_1");
    expect(nextNodeId({ nodes: [...graph.nodes, { id: "http_3", type: "noop", config: {} }] }, "http")).toBe("http_2");
  });

  it("creates the node with its type's default config", () => {
    const next = addNode(graph, "delay", "delay_1", { x: 5, y: 6 });
    expect(next.nodes.at(-1)).toEqual({
      id: "delay_1",
      type: "delay",
      config: { duration_ms: 60_000 },
      position: { x: 5, y: 6 },
    });
    expect(graph.nodes).toHaveLength(3);
  });

  it("places a new node under the selected one, or under the lowest, without overlapping", () => {
    expect(placeNewNode({ nodes: [] }, null)).toEqual({ x: 0, y: 0 });
    const underLowest = placeNewNode(graph, null);
    expect(underLowest.y).toBeGreaterThanOrEqual(300 + NODE_HEIGHT);
    // Under http_1 is where "check" already sits: the new node moves right.
    const underFirst = placeNewNode(graph, "http_1");
    expect(underFirst.y).toBe(NODE_HEIGHT + 64);
    expect(underFirst.x).toBeGreaterThanOrEqual(NODE_WIDTH);
  });
});

describe("node ids", () => {
  it("accepts the current id or a free valid one and explains the rest", () => {
    expect(nodeIdProblem("http_1", graph, "http_1")).toBeNull();
    expect(nodeIdProblem("fetch_user", graph, "http_1")).toBeNull();
    expect(nodeIdProblem("Fetch user", graph, "http_1")).toMatch(/lowercase letters/);
    expect(nodeIdProblem("1abc", graph, "http_1")).toMatch(/starting with a letter/);
    expect(nodeIdProblem("check", graph, "http_1")).toBe('Another node already has the id "check"');
  });

  it("renames a node together with its edges and the references to it, and nothing else", () => {
    const next = renameNode(graph, "http_1", "fetch");
    expect(next.nodes.map((node) => node.id)).toEqual(["fetch", "check", "shape"]);
    expect(next.edges).toEqual([
      { from: "fetch", to: "check" },
      { from: "check", to: "shape", when: "true" },
    ]);
    expect(next.nodes[1]?.config).toEqual({ expression: "steps.fetch.output.ok" });
    expect(next.nodes[2]?.config).toEqual({
      expression: "$count(steps.fetch.output) + steps.http_10.output + mysteps.http_1",
    });
  });
});

describe("edges", () => {
  it("connects with the handle's branch label and ignores loops, unknown nodes and repeats", () => {
    const next = connect(graph, { from: "check", to: "http_1", when: "false" });
    expect(next.edges.at(-1)).toEqual({ from: "check", to: "http_1", when: "false" });
    expect(connect(graph, { from: "shape", to: "check", when: null }).edges.at(-1)).toEqual({
      from: "shape",
      to: "check",
    });
    expect(connect(graph, { from: "check", to: "check", when: null })).toBe(graph);
    expect(connect(graph, { from: "check", to: "ghost", when: null })).toBe(graph);
    expect(connect(graph, { from: "check", to: "shape", when: "true" })).toBe(graph);
  });

  it("relabels an edge unless that would duplicate another", () => {
    const key = { from: "check", to: "shape", when: "true" };
    expect(relabelEdge(graph, key, "false").edges[1]).toEqual({ from: "check", to: "shape", when: "false" });
    expect(relabelEdge(graph, key, null).edges[1]).toEqual({ from: "check", to: "shape" });
    const both = connect(graph, { from: "check", to: "shape", when: "false" });
    expect(relabelEdge(both, key, "false")).toBe(both);
  });

  it("removes nodes with every edge touching them, and single edges", () => {
    const withoutCheck = removeElements(graph, ["check"], []);
    expect(withoutCheck.nodes.map((node) => node.id)).toEqual(["http_1", "shape"]);
    expect(withoutCheck.edges).toEqual([]);
    const withoutEdge = removeElements(graph, [], [{ from: "check", to: "shape", when: "true" }]);
    expect(withoutEdge.edges).toEqual([{ from: "http_1", to: "check" }]);
    // The label is part of the edge's identity.
    expect(removeElements(graph, [], [{ from: "check", to: "shape", when: null }]).edges).toHaveLength(2);
  });
});

describe("other edits", () => {
  it("replaces a node, dropping fields set to undefined", () => {
    const node = { ...graph.nodes[0]!, name: "Fetch", timeout_ms: undefined };
    expect(replaceNode(graph, node).nodes[0]).toEqual({
      id: "http_1",
      type: "http",
      name: "Fetch",
      config: { method: "GET", url: "https://x" },
      position: { x: 0, y: 0 },
    });
  });

  it("moves nodes to rounded positions", () => {
    const next = moveNodes(graph, new Map([["check", { x: 10.4, y: 20.6 }]]));
    expect(next.nodes[1]?.position).toEqual({ x: 10, y: 21 });
    expect(next.nodes[0]).toBe(graph.nodes[0]);
    expect(moveNodes(graph, new Map([["check", { x: 0.2, y: 149.7 }]]))).toBe(graph);
  });

  it("sets and removes workflow-wide fields", () => {
    const withVars = updateGraphFields(graph, { vars: { region: "eu" }, settings: { run_timeout_ms: 1000 } });
    expect(withVars.vars).toEqual({ region: "eu" });
    const cleared = updateGraphFields(withVars, { vars: undefined });
    expect("vars" in cleared).toBe(false);
    expect(cleared.settings).toEqual({ run_timeout_ms: 1000 });
  });
});
