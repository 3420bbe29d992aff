import { describe, expect, it } from "vitest";
import type { GraphInput } from "../../../../../worker/contracts/workflow";
import { applySuggestion, filterSuggestions, referenceablePaths, suggestionQuery } from "./references";

const graph: GraphInput = {
  nodes: [
    { id: "fetch", type: "http", config: { method: "GET", url: "https://x" } },
    { id: "side", type: "noop", config: {} },
    { id: "shape", type: "transform", config: { expression: "x" } },
    { id: "after", type: "noop", config: {} },
  ],
  edges: [
    { from: "fetch", to: "shape" },
    { from: "shape", to: "after" },
  ],
  input_schema: { type: "object", properties: { user_id: { type: "string" } } },
  vars: { region: "eu" },
};

const RUN = ["run.id", "run.workflow_id", "run.version", "run.correlation_id", "run.started_at", "run.trigger"];

describe("referenceablePaths", () => {
  it("offers input properties, the nodes that run before, run fields and vars", () => {
    expect(referenceablePaths(graph, "after")).toEqual([
      "input.user_id",
      "steps.fetch.output",
      "steps.fetch.status",
      "steps.shape.output",
      "steps.shape.status",
      ...RUN,
      "vars.region",
    ]);
  });

  it("never offers the node itself, nodes after it, or unconnected nodes", () => {
    const paths = referenceablePaths(graph, "shape");
    expect(paths.filter((path) => path.startsWith("steps."))).toEqual(["steps.fetch.output", "steps.fetch.status"]);
    expect(referenceablePaths(graph, "fetch").some((path) => path.startsWith("steps."))).toBe(false);
  });

  it("offers no steps to workflow settings and copes with a missing or broken input schema", () => {
    const bare = { nodes: graph.nodes, edges: graph.edges, input_schema: "oops" } as unknown as GraphInput;
    expect(referenceablePaths(bare, null)).toEqual(RUN);
  });
});

describe("suggestionQuery", () => {
  it("in a template, only inside an open {{ }}", () => {
    expect(suggestionQuery("https://api/{{ inp", 18, "template")).toEqual({ from: 15, to: 18, prefix: "inp" });
    expect(suggestionQuery("{{ ", 3, "template")).toEqual({ from: 3, to: 3, prefix: "" });
    expect(suggestionQuery("https://api/users", 17, "template")).toBeNull();
    expect(suggestionQuery("{{ input.a }} and", 17, "template")).toBeNull();
  });

  it("in an expression, anywhere but in variables and string literals", () => {
    expect(suggestionQuery("$count(steps.fe", 15, "expression")).toEqual({ from: 7, to: 15, prefix: "steps.fe" });
    expect(suggestionQuery("", 0, "expression")).toEqual({ from: 0, to: 0, prefix: "" });
    expect(suggestionQuery("$lengt", 6, "expression")).toBeNull();
    expect(suggestionQuery('"abc', 4, "expression")).toBeNull();
  });
});

describe("filterSuggestions", () => {
  const paths = ["input.user_id", "steps.fetch.output", "steps.fetch.status", "run.id"];

  it("puts prefix matches before other matches, ignoring case", () => {
    expect(filterSuggestions(paths, "")).toEqual(paths);
    expect(filterSuggestions(paths, "Steps.f")).toEqual(["steps.fetch.output", "steps.fetch.status"]);
    expect(filterSuggestions(paths, "id")).toEqual(["input.user_id", "run.id"]);
    expect(filterSuggestions(paths, "run.")).toEqual(["run.id"]);
  });

  it("offers nothing when nothing matches or the path is already complete", () => {
    expect(filterSuggestions(paths, "nope")).toEqual([]);
    expect(filterSuggestions(paths, "run.id")).toEqual([]);
  });
});

describe("applySuggestion", () => {
  it("replaces what was typed and closes an open template", () => {
    const text = "https://api/{{ inp";
    const query = suggestionQuery(text, text.length, "template")!;
    expect(applySuggestion(text, query, "input.user_id", "template")).toEqual({
      text: "https://api/{{ input.user_id }}",
      caret: 28,
    });
  });

  it("keeps an existing closing }} and the text after it", () => {
    const text = "{{ st }}/x";
    const query = suggestionQuery(text, 5, "template")!;
    expect(applySuggestion(text, query, "steps.fetch.output", "template")).toEqual({
      text: "{{ steps.fetch.output }}/x",
      caret: 21,
    });
  });

  it("inserts into an expression as is", () => {
    const text = "$count(st) > 1";
    const query = suggestionQuery(text, 9, "expression")!;
    expect(applySuggestion(text, query, "steps.fetch.output", "expression")).toEqual({
      text: "$count(steps.fetch.output) > 1",
      caret: 25,
    });
  });
});
