import { describe, expect, it } from "vitest";
import { type ExpressionContext, ExpressionError, parseTemplate, renderTemplate, renderValue } from "./index";

const context: ExpressionContext = {
  input: { id: 42, name: "Ada", tags: ["a", "b"], flag: false, none: null },
  steps: { fetch: { output: { body: { ok: true } }, status: "succeeded" } },
  run: {
    id: "run_1",
    workflow_id: "wf_1",
    version: 1,
    correlation_id: "corr_1",
    started_at: "2026-01-15T10:30:00.000Z",
    trigger: { type: "webhook" },
  },
  vars: { base: "https://api.example.com" },
};

describe("parseTemplate", () => {
  it("splits text and expressions, keeping braces of objects and strings inside an expression", () => {
    expect(parseTemplate('a {{ {"k": {"n": "}}"}} }} b')).toEqual([
      { kind: "text", text: "a " },
      { kind: "expression", source: ' {"k": {"n": "}}"}} ', offset: 4 },
      { kind: "text", text: " b" },
    ]);
  });

  it("reports an unclosed or empty expression with its position", () => {
    expect(() => parseTemplate("Hello {{ input.name")).toThrow(/position 6 is never closed/);
    try {
      parseTemplate("x {{  }}");
    } catch (err) {
      expect(err).toBeInstanceOf(ExpressionError);
      expect((err as ExpressionError).code).toBe("expression_syntax");
      expect((err as ExpressionError).position).toBe(2);
    }
  });
});

describe("renderTemplate", () => {
  it("keeps the value's type when the string is exactly one expression", async () => {
    expect(await renderTemplate("{{ input.id }}", context)).toBe(42);
    expect(await renderTemplate("{{ input.flag }}", context)).toBe(false);
    expect(await renderTemplate("{{ steps.fetch.output.body }}", context)).toEqual({ ok: true });
    expect(await renderTemplate("{{ input.missing }}", context)).toBeUndefined();
  });

  it("concatenates mixed text, with objects as JSON and null/missing as empty", async () => {
    expect(await renderTemplate("{{ vars.base }}/users/{{ input.id }}", context)).toBe(
      "https://api.example.com/users/42",
    );
    expect(await renderTemplate("tags={{ input.tags }} none=[{{ input.none }}][{{ input.missing }}]", context)).toBe(
      'tags=["a","b"] none=[][]',
    );
    expect(await renderTemplate(" {{ input.id }}", context)).toBe(" 42");
  });

  it("returns text without expressions unchanged", async () => {
    expect(await renderTemplate("plain } text {", context)).toBe("plain } text {");
  });

  it("reports a syntax error at its position in the whole template", async () => {
    const error = await renderTemplate("ab {{ input.( }}", context).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).code).toBe("expression_syntax");
    expect((error as ExpressionError).position).toBeGreaterThan(5);
    expect((error as ExpressionError).message).toMatch(/^In \{\{ input\.\( \}\}/);
  });
});

describe("renderValue", () => {
  it("renders templates inside objects and arrays, leaving keys and other values alone", async () => {
    const rendered = await renderValue(
      {
        "{{ key }}": "{{ input.name }}",
        list: ["#{{ input.id }}", 7, null, { deep: "{{ input.tags[1] }}" }],
        on: true,
      },
      context,
    );
    expect(rendered).toEqual({ "{{ key }}": "Ada", list: ["#42", 7, null, { deep: "b" }], on: true });
  });

  it("shares one budget between all templates of a value", async () => {
    const one = "{{ $sum([1..100].($ * 2)) }}";
    const many = Array.from({ length: 50 }, () => one);
    await expect(renderValue(one, context, { maxSteps: 1_000 })).resolves.toBe(10100);
    await expect(renderValue(many, context)).resolves.toHaveLength(50);
    const error = await renderValue(many, context, { maxSteps: 1_000 }).catch((err: unknown) => err);
    expect((error as ExpressionError).code).toBe("expression_budget_exceeded");
  });

  it("caps the size of the rendered value as a whole", async () => {
    const error = await renderValue({ a: "x".repeat(600), b: "y".repeat(600) }, context, { maxBytes: 1_000 }).catch(
      (err: unknown) => err,
    );
    expect((error as ExpressionError).code).toBe("expression_too_large");
  });
});
