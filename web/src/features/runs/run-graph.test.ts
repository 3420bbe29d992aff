import { describe, expect, it } from "vitest";
import { APPROVAL_FLOW } from "../../../../worker/contracts/workflow-examples";
import { branchesLeftToRight, runCanvas } from "./run-graph";

const steps = [
  { node_id: "review", status: "succeeded" as const },
  { node_id: "check_decision", status: "succeeded" as const },
  { node_id: "deploy", status: "skipped" as const },
  { node_id: "deferred", status: "running" as const },
];

describe("runCanvas", () => {
  it("colours every node by its step status and names it with the status", () => {
    const canvas = runCanvas(APPROVAL_FLOW.graph, steps, null);
    if (!canvas.ok) throw new Error(canvas.message);
    expect(canvas.nodes.map((n) => [n.id, n.data.status])).toEqual([
      ["review", "succeeded"],
      ["check_decision", "succeeded"],
      ["deploy", "skipped"],
      ["deferred", "running"],
    ]);
    expect(canvas.nodes[0]?.ariaLabel).toBe("Approve deploy: Succeeded");
    expect(canvas.nodes.every((n) => n.draggable === false && n.connectable === false)).toBe(true);
  });

  it("shows steps without a row yet as pending, and marks the selected one", () => {
    const canvas = runCanvas(APPROVAL_FLOW.graph, [], "deploy");
    if (!canvas.ok) throw new Error(canvas.message);
    expect(canvas.nodes.every((n) => n.data.status === "pending")).toBe(true);
    expect(canvas.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["deploy"]);
  });

  it("fades edges into skipped steps and animates edges into running ones", () => {
    const canvas = runCanvas(APPROVAL_FLOW.graph, steps, null);
    if (!canvas.ok) throw new Error(canvas.message);
    expect(canvas.edges.map((e) => [e.target, e.className, e.animated])).toEqual([
      ["check_decision", undefined, false],
      ["deploy", "run-edge-skipped", false],
      ["deferred", undefined, true],
    ]);
  });

  it("reports a graph it can't draw instead of drawing half of it", () => {
    const canvas = runCanvas({ nodes: [{ id: "x", type: "teleport", config: {} }], edges: [] }, [], null);
    expect(canvas).toMatchObject({ ok: false });
    if (!canvas.ok) expect(canvas.message).toMatch(/can't be drawn/);
  });
});

describe("branchesLeftToRight", () => {
  it("orders a condition's handles like its targets, so branch edges don't cross", () => {
    const canvas = runCanvas(APPROVAL_FLOW.graph, [], null);
    if (!canvas.ok) throw new Error(canvas.message);
    const check = canvas.nodes.find((n) => n.id === "check_decision");
    const x = (id: string) => canvas.nodes.find((n) => n.id === id)?.position.x ?? 0;
    const expected = x("deploy") < x("deferred") ? ["true", "false"] : ["false", "true"];
    expect(check?.data.branches).toEqual(expected);
  });

  it("puts labels without an edge last and leaves single-handle nodes alone", () => {
    const node = (id: string, x: number, branches: string[]) => ({
      id,
      type: "fluxo" as const,
      position: { x, y: 0 },
      data: { nodeType: "switch" as const, label: id, icon: "", issues: [], branches },
    });
    const sw = node("sw", 0, ["a", "b", "default"]);
    const nodes = [sw, node("left", -100, []), node("right", 100, [])];
    const edge = (target: string, when: string) => ({
      id: `${when}`,
      source: "sw",
      target,
      data: { when, issues: [] },
    });
    expect(branchesLeftToRight(sw, nodes, [edge("right", "a"), edge("left", "default")])).toEqual([
      "default",
      "a",
      "b",
    ]);
    expect(branchesLeftToRight(node("one", 0, ["x"]), nodes, [])).toEqual(["x"]);
  });
});
