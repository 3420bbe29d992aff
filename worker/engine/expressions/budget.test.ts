import { describe, expect, it } from "vitest";
import { type EvaluateOptions, type ExpressionContext, ExpressionError, evaluateExpression } from "./index";

const context: ExpressionContext = {
  input: { text: "x".repeat(900_000), list: [1, 2, 3] },
  steps: {},
  run: {
    id: "run_1",
    workflow_id: "wf_1",
    version: 1,
    correlation_id: "corr_1",
    started_at: "2026-01-15T10:30:00.000Z",
    trigger: { type: "manual" },
  },
  vars: {},
};

async function codeOf(source: string, options: EvaluateOptions = {}): Promise<string> {
  try {
    await evaluateExpression(source, context, options);
    return "ok";
  } catch (err) {
    if (err instanceof ExpressionError) return err.code;
    throw err;
  }
}

describe("step and depth budget", () => {
  it("stops infinite (tail) recursion", async () => {
    expect(await codeOf("( $f := function($n){ $f($n+1) }; $f(0) )")).toBe("expression_budget_exceeded");
  });

  it("stops deep non-tail recursion and says so", async () => {
    const source = "( $f := function($n){ 1 + $f($n+1) }; $f(0) )";
    await expect(evaluateExpression(source, context)).rejects.toThrow(/recursed too deeply/);
  });

  it("cannot be switched off by rebinding the budget variable", async () => {
    const source = "( $__fluxo_budget := {}; $f := function($n){ $f($n+1) }; $f(0) )";
    expect(await codeOf(source)).toBe("expression_budget_exceeded");
  });

  it("charges the pairwise work of $distinct", async () => {
    expect(await codeOf("$count($distinct([1..10000]))")).toBe("expression_budget_exceeded");
    expect(await codeOf("$count($distinct([1..1000]))")).toBe("ok");
  });

  it("honours a custom step limit", async () => {
    expect(await codeOf("$sum([1..100].($ * 2))", { maxSteps: 50 })).toBe("expression_budget_exceeded");
    expect(await codeOf("$sum([1..100].($ * 2))")).toBe("ok");
  });

  it("lets ordinary expressions over a thousand items through", async () => {
    const source = '$sum($map([1..1000], function($v) { $length($string($v) & "-" & $uppercase("ab")) }))';
    expect(await evaluateExpression(source, context)).toBe(5893);
  });
});

describe("size budget", () => {
  it("refuses a huge $pad before allocating it", async () => {
    expect(await codeOf('$pad("", 100000000)')).toBe("expression_too_large");
    expect(await codeOf('$pad("", 10, "xy")')).toBe("ok");
  });

  it("stops repeated concatenation in $reduce over a big range", async () => {
    const chunk = "0123456789".repeat(10);
    const source = `$reduce([1..100000], function($acc, $v) { $acc & "${chunk}" }, "")`;
    expect(await codeOf(source)).toBe("expression_too_large");
  });

  it("refuses ranges beyond the sequence ceiling", async () => {
    expect(await codeOf("$map([1..10000000], function($v) { $v })")).toBe("expression_too_large");
    expect(await codeOf("$count([1..200000])")).toBe("expression_too_large");
  });

  it("bounds many calls that each stay under the limit ($map of big strings)", async () => {
    expect(await codeOf('$map([1..1000], function($v) { $pad("", 999999, "x") })')).toBe("expression_too_large");
    expect(await codeOf("$map([1..1000], function($v) { $uppercase(input.text) })")).toBe("expression_too_large");
  });

  it("stops values that share sub-values exponentially", async () => {
    const source = '$reduce([1..40], function($acc, $v) { { "a": $acc, "b": $acc } }, 1)';
    expect(await codeOf(source)).toBe("expression_too_large");
    expect(await codeOf(`$string(${source})`)).toBe("expression_too_large");
  });

  it("guards $join and $replace, which can multiply their input", async () => {
    expect(await codeOf('$join($map([1..100], function($v) { "x" }), $pad("", 20000, "-"))')).toBe(
      "expression_too_large",
    );
    expect(await codeOf('$replace(input.text, "x", "yy")')).toBe("expression_too_large");
    expect(await codeOf('$replace(input.text, /x/, function($m) { "yy" })')).toBe("expression_too_large");
    expect(await codeOf('$replace("a-b", "-", "+")')).toBe("ok");
  });

  it("caps the result, even one that is just a reference into the context", async () => {
    expect(await codeOf("input", { maxBytes: 100_000 })).toBe("expression_too_large");
    expect(await codeOf("input.list", { maxBytes: 100_000 })).toBe("ok");
  });

  it("refuses structures nested too deeply to serialise safely", async () => {
    const source = '$reduce([1..150], function($acc, $v) { { "child": $acc } }, 0)';
    await expect(evaluateExpression(source, context)).rejects.toThrow(/nested over the limit of 100 levels deep/);
  });
});
