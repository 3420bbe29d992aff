import { describe, expect, it } from "vitest";
import { expressionSites, nodeReferences } from "./index";

describe("expressionSites", () => {
  it("finds templates deep inside http headers and bodies, skipping literal strings", () => {
    const sites = expressionSites({
      type: "http",
      config: {
        method: "POST",
        url: "https://api.example.com/users/{{ input.id }}",
        headers: { Authorization: "Bearer {{ vars.token }}", Accept: "application/json" },
        body: { user: { name: "{{ steps.load.output.name }}" }, tags: ["{{ input.tag }}", "static"] },
      },
    });
    expect(sites.map((site) => site.field)).toEqual([
      "config.url",
      "config.headers.Authorization",
      "config.body.user.name",
      "config.body.tags.0",
    ]);
    expect(sites.every((site) => site.kind === "template")).toBe(true);
  });

  it("treats transform and condition expressions as full expressions", () => {
    expect(expressionSites({ type: "condition", config: { expression: "input.n > 1" } })).toEqual([
      { field: "config.expression", kind: "expression", source: "input.n > 1" },
    ]);
  });

  it("follows wildcards into arrays (llm messages)", () => {
    const config = {
      connection_id: "c",
      model: "m",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "Summarise {{ steps.fetch.output.body }}" },
      ],
    };
    expect(expressionSites({ type: "llm", config }).map((site) => site.field)).toEqual(["config.messages.1.content"]);
  });

  it("copes with configs that are missing or oddly shaped", () => {
    expect(expressionSites({ type: "http", config: undefined })).toEqual([]);
    expect(expressionSites({ type: "llm", config: { messages: "nope" } })).toEqual([]);
  });
});

describe("nodeReferences", () => {
  it("lists what a node reads, with the field it reads it in", () => {
    const references = nodeReferences({
      type: "set",
      config: { values: { id: "{{ input.user_id }}", greeting: "Hi {{ steps.load.output.name }}" } },
    });
    expect(references).toEqual([
      { root: "input", path: ["user_id"], field: "config.values.id" },
      { root: "steps", path: ["load", "output", "name"], field: "config.values.greeting" },
    ]);
  });

  it("skips fields that do not parse (validation reports those)", () => {
    const references = nodeReferences({
      type: "http",
      config: { method: "GET", url: "{{ input.( }}", headers: { X: "{{ vars.ok }}" } },
    });
    expect(references).toEqual([{ root: "vars", path: ["ok"], field: "config.headers.X" }]);
  });
});
