import { describe, expect, it } from "vitest";
import type { GraphIssue } from "../../../../../worker/contracts/workflow";
import { validateGraph } from "../../../../../worker/engine/graph/validate";
import { issuesByPath, issueTarget, locateIssues, nodeFieldIssues, problemCount, shortMessage } from "./issues";

const issues: GraphIssue[] = [
  {
    code: "invalid_node_config",
    message: 'Node "http_1" (HTTP request): config.url: A URL is required',
    node_id: "http_1",
    path: "nodes.0.config.url",
  },
  { code: "invalid_graph", message: "Node #1 has an invalid id", path: "nodes.1.id" },
  { code: "unreachable_node", message: "Node x can't be reached", node_id: "x", path: "nodes.10" },
  { code: "invalid_branch_label", message: "Edge #0 bad label", edge_index: 0, path: "edges.0.when" },
  { code: "no_start_node", message: "The workflow has no nodes", path: "nodes" },
];

describe("issues by field", () => {
  it("lists a node's problems under the fields they are about, without the location prefix", () => {
    expect(nodeFieldIssues(issues, 0)).toEqual(new Map([["config.url", ["A URL is required"]]]));
    expect(nodeFieldIssues(issues, 1)).toEqual(new Map([["id", ["Node #1 has an invalid id"]]]));
    expect(nodeFieldIssues(issues, 10)).toEqual(new Map([["", ["Node x can't be reached"]]]));
    expect(nodeFieldIssues(issues, 2).size).toBe(0);
  });

  it("keys workflow-wide problems by their full path", () => {
    const settings: GraphIssue = {
      code: "invalid_graph",
      message: "settings.run_timeout_ms: Too small: expected number to be >=1",
      path: "settings.run_timeout_ms",
    };
    const byPath = issuesByPath([settings, issues[4]!], "");
    expect(byPath.get("settings.run_timeout_ms")).toEqual(["Too small: expected number to be >=1"]);
    expect(byPath.get("nodes")).toEqual(["The workflow has no nodes"]);
  });

  it("works on what validateGraph really reports", () => {
    const result = validateGraph(
      { nodes: [{ id: "h", type: "http", config: { method: "GET", url: "" } }], edges: [] },
      { maxNodes: 50 },
    );
    expect(result.valid).toBe(false);
    expect(nodeFieldIssues(result.issues, 0).get("config.url")).toEqual(["A URL is required"]);
    expect(shortMessage({ message: "no prefix here" }, "config.url")).toBe("no prefix here");
  });
});

describe("issue targets", () => {
  const ids = ["http_1", "Bad Id"];

  it("goes to the node, the edge, or the workflow", () => {
    expect(issueTarget(issues[0]!, ids)).toEqual({ kind: "node", nodeId: "http_1" });
    expect(issueTarget(issues[1]!, ids)).toEqual({ kind: "node", nodeId: "Bad Id" });
    expect(issueTarget(issues[2]!, ids)).toEqual({ kind: "graph" });
    expect(issueTarget(issues[3]!, ids)).toEqual({ kind: "edge", edgeIndex: 0 });
    expect(issueTarget(issues[4]!, ids)).toEqual({ kind: "graph" });
  });

  it("names the node of path-only issues so the canvas can badge it", () => {
    const located = locateIssues(issues, ids);
    expect(located[1]?.node_id).toBe("Bad Id");
    expect(located[0]).toBe(issues[0]);
    expect(located[4]?.node_id).toBeUndefined();
  });

  it("summarizes the count", () => {
    expect([0, 1, 3].map(problemCount)).toEqual(["No problems", "1 problem", "3 problems"]);
  });
});
