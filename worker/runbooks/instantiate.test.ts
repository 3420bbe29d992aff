import { describe, expect, it } from "vitest";
import { validateGraph } from "../engine/graph/validate";
import { testRunbook } from "../jobs/test-runbook";
import {
  APPROVAL_NODE_ID,
  graphHash,
  instantiateGraph,
  missingConnections,
  placeholderKeys,
  versionNote,
} from "./instantiate";

describe("instantiateGraph", () => {
  it("binds every connection placeholder to the operator's connection id", () => {
    const graph = instantiateGraph(testRunbook(), { api: "con_123" });
    expect(JSON.stringify(graph)).not.toContain("$connection:");
    const echo = graph.nodes.find((n) => n.id === "echo") as { config: { values: Record<string, unknown> } };
    expect(echo.config.values.api).toBe("con_123");
    expect(validateGraph(graph, { maxNodes: 100 }).valid).toBe(true);
  });

  it("puts an approval for operators in front of every start step of a high-risk runbook", () => {
    const def = testRunbook({ risk: "high", title: "Wipe" });
    const graph = instantiateGraph(def, { api: "con_1" });
    const approval = graph.nodes[0] as { id: string; type: string; config: Record<string, unknown> };
    expect(approval).toMatchObject({ id: APPROVAL_NODE_ID, type: "approval" });
    expect(approval.config.message).toBe("Approve Wipe with inputs {{ $string(input) }}");
    expect(approval.config.approvers).toEqual({ roles: ["owner", "admin", "operator"] });
    expect(graph.edges).toContainEqual({ from: APPROVAL_NODE_ID, to: "prepare" });
    expect(graph.edges.filter((e) => e.from === APPROVAL_NODE_ID)).toHaveLength(1);
    expect(validateGraph(graph, { maxNodes: 100 }).valid).toBe(true);
  });

  it("leaves low and medium risk runbooks without an approval", () => {
    for (const risk of ["low", "medium"] as const) {
      const graph = instantiateGraph(testRunbook({ risk }), { api: "c" });
      expect(graph.nodes.some((n) => n.type === "approval")).toBe(false);
    }
  });

  it("picks another approval id when the runbook already uses the default one", () => {
    const base = testRunbook({ risk: "high" });
    const def = {
      ...base,
      workflow: { ...base.workflow, nodes: [{ id: APPROVAL_NODE_ID, type: "noop", config: {} }], edges: [] },
    } as typeof base;
    const graph = instantiateGraph(def, { api: "c" });
    expect(graph.nodes.map((n) => n.id)).toEqual([`${APPROVAL_NODE_ID}_2`, APPROVAL_NODE_ID]);
  });
});

describe("connection slots", () => {
  it("finds the placeholders a graph uses", () => {
    expect(placeholderKeys({ a: ["$connection:x", { b: "$connection:y" }], c: "$connection:x", d: 1 })).toEqual([
      "x",
      "y",
    ]);
  });

  it("names every unbound slot, declared or used by the graph", () => {
    const def = testRunbook({ required_connections: [{ key: "dns", description: "" }] });
    expect(missingConnections(def, {})).toEqual(["dns", "api"]);
    expect(missingConnections(def, { dns: "c1" })).toEqual(["api"]);
    expect(missingConnections(def, { dns: "c1", api: "c2" })).toEqual([]);
  });
});

describe("graphHash", () => {
  it("is the same for equal graphs whatever the key order, and differs when a value changes", async () => {
    const a = await graphHash({ nodes: [{ id: "a", type: "noop" }], edges: [] });
    const b = await graphHash({ edges: [], nodes: [{ type: "noop", id: "a" }] });
    const c = await graphHash({ nodes: [{ id: "b", type: "noop" }], edges: [] });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(versionNote(testRunbook(), a)).toBe(`runbook test_echo@1 sha256:${a}`);
  });
});
