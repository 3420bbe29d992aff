import { describe, expect, it } from "vitest";
import type { GraphInput } from "../../../../../worker/contracts/workflow";
import { FAN_OUT_JOIN } from "../../../../../worker/contracts/workflow-examples";
import { autoLayout, NODE_HEIGHT, NODE_WIDTH } from "./layout";

describe("autoLayout", () => {
  const laidOut = autoLayout(FAN_OUT_JOIN.graph);
  const at = (id: string) => {
    const position = laidOut.nodes.find((node) => node.id === id)?.position;
    if (!position) throw new Error(`no position for ${id}`);
    return position;
  };

  it("places every node, top to bottom along the edges", () => {
    expect(laidOut.nodes.every((node) => node.position !== undefined)).toBe(true);
    expect(at("prepare").y).toBeLessThan(at("fetch_crm").y);
    expect(at("fetch_crm").y).toBeLessThan(at("merge").y);
  });

  it("puts parallel branches side by side without overlapping", () => {
    const branches = ["fetch_crm", "fetch_billing", "fetch_support"].map(at);
    expect(new Set(branches.map((point) => point.y)).size).toBe(1);
    const xs = branches.map((point) => point.x).sort((a, b) => a - b);
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBeGreaterThanOrEqual(NODE_WIDTH);
    expect(at("merge").y - at("fetch_crm").y).toBeGreaterThanOrEqual(NODE_HEIGHT);
  });

  it("is deterministic and leaves everything else untouched", () => {
    expect(autoLayout(FAN_OUT_JOIN.graph)).toEqual(laidOut);
    expect(laidOut.edges).toBe(FAN_OUT_JOIN.graph.edges);
    expect(laidOut.nodes.map(({ position: _position, ...node }) => node)).toEqual(FAN_OUT_JOIN.graph.nodes);
  });

  it("lays out left to right on request, and copes with edges to missing nodes", () => {
    const graph: GraphInput = {
      nodes: [
        { id: "a", type: "noop", config: {} },
        { id: "b", type: "noop", config: {} },
      ],
      edges: [
        { from: "a", to: "b" },
        { from: "a", to: "ghost" },
      ],
    };
    const [a, b] = autoLayout(graph, { direction: "LR" }).nodes;
    expect((b?.position?.x ?? 0) > (a?.position?.x ?? 0)).toBe(true);
    expect(b?.position?.y).toBe(a?.position?.y);
  });
});
