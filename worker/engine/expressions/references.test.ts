import { describe, expect, it } from "vitest";
import { analyzeReferences, type ExpressionReference, templateReferences } from "./index";

function sorted(references: ExpressionReference[]): string[] {
  return references.map((reference) => [reference.root, ...reference.path].join(".")).sort();
}

describe("analyzeReferences", () => {
  it("finds plain paths on every root", () => {
    expect(analyzeReferences("steps.get_user.output.name & input.user_id & run.id & vars.region")).toEqual([
      { root: "steps", path: ["get_user", "output", "name"] },
      { root: "input", path: ["user_id"] },
      { root: "run", path: ["id"] },
      { root: "vars", path: ["region"] },
    ]);
  });

  it("finds references inside function arguments, predicates, object constructors and lambdas", () => {
    const source = `{
      "count": $count(steps.list.output.items[price > vars.min_price]),
      "picked": $filter(input.ids, function($id) { $id = steps.pick.output.id }),
      "label": input.enabled ? run.trigger.type : "off"
    }`;
    expect(sorted(analyzeReferences(source))).toEqual([
      "input.enabled",
      "input.ids",
      "run.trigger.type",
      "steps.list.output.items",
      "steps.pick.output.id",
      "vars.min_price",
    ]);
  });

  it("follows $$ and $ to the root, and stops a path at the first non-field step", () => {
    expect(sorted(analyzeReferences("$$.input.a + $.vars.b"))).toEqual(["input.a", "vars.b"]);
    expect(analyzeReferences("$sum(steps.order.output.lines.(qty * price))")).toEqual([
      { root: "steps", path: ["order", "output", "lines"] },
    ]);
    expect(analyzeReferences("steps")).toEqual([{ root: "steps", path: [] }]);
  });

  it("ignores variables, unknown roots and relative field names", () => {
    expect(analyzeReferences('($input := 1; data.title & $input & other.field & input.list.{"n": name})')).toEqual([
      { root: "input", path: ["list"] },
    ]);
  });

  it("reports each reference once", () => {
    expect(analyzeReferences("input.a ? input.a : input.a")).toEqual([{ root: "input", path: ["a"] }]);
  });

  it("throws a syntax error for text that does not parse", () => {
    expect(() => analyzeReferences("input.(")).toThrow(/Syntax error/);
  });
});

describe("templateReferences", () => {
  it("collects the references of every {{ }} part", () => {
    expect(sorted(templateReferences("{{ vars.base }}/users/{{ input.id }}?t={{ steps.auth.output.token }}"))).toEqual([
      "input.id",
      "steps.auth.output.token",
      "vars.base",
    ]);
    expect(templateReferences("no expressions here")).toEqual([]);
  });
});
