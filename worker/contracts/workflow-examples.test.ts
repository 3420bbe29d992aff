import { describe, expect, it } from "vitest";
import { validateGraph } from "../engine/graph";
import { APPROVAL_FLOW, FAN_OUT_JOIN, SCHEDULED_REPORT, WORKFLOW_EXAMPLES } from "./workflow-examples";

describe("workflow examples", () => {
  it.each(WORKFLOW_EXAMPLES.map((example) => [example.name, example] as const))("%s is valid", (_name, example) => {
    const result = validateGraph(example.graph, { maxNodes: 50 });
    expect(result.issues).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("shows branching, documents and fan-out", () => {
    expect(APPROVAL_FLOW.graph.edges.map((edge) => edge.when ?? null)).toEqual([null, "true", "false"]);
    expect(SCHEDULED_REPORT.graph.nodes.map((node) => node.type)).toEqual([
      "http",
      "transform",
      "render",
      "emit_event",
    ]);
    const parallel = FAN_OUT_JOIN.graph.edges.filter((edge) => edge.from === "prepare");
    expect(parallel).toHaveLength(3);
    expect(FAN_OUT_JOIN.graph.edges.filter((edge) => edge.to === "merge")).toHaveLength(3);
  });
});
