import { describe, expect, it } from "vitest";
import { compileExpression, type ExpressionContext, ExpressionError, evaluateExpression } from "./index";

const context: ExpressionContext = {
  input: {
    user_id: "u_42",
    items: [
      { sku: "a", price: 5 },
      { sku: "b", price: 15 },
    ],
  },
  steps: { get_user: { output: { name: "Ada", roles: ["admin"] }, status: "succeeded" } },
  run: {
    id: "run_1",
    workflow_id: "wf_1",
    version: 3,
    correlation_id: "corr_1",
    started_at: "2026-01-15T10:30:00.000Z",
    trigger: { type: "manual" },
  },
  vars: { region: "eu" },
};

async function failure(source: string): Promise<ExpressionError> {
  try {
    await evaluateExpression(source, context);
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`expected ${source} to fail`);
}

describe("evaluateExpression", () => {
  it("reads every root of the context as a path", async () => {
    expect(await evaluateExpression("input.user_id", context)).toBe("u_42");
    expect(await evaluateExpression("steps.get_user.output.name", context)).toBe("Ada");
    expect(await evaluateExpression("steps.get_user.status", context)).toBe("succeeded");
    expect(await evaluateExpression("run.version + 1", context)).toBe(4);
    expect(await evaluateExpression("vars.region", context)).toBe("eu");
  });

  it("supports JSONata functions, predicates and object constructors", async () => {
    expect(await evaluateExpression("$sum(input.items.price)", context)).toBe(20);
    expect(await evaluateExpression("input.items[price > 10].sku", context)).toBe("b");
    expect(
      await evaluateExpression('{ "who": steps.get_user.output.name, "n": $count(input.items) }', context),
    ).toEqual({
      who: "Ada",
      n: 2,
    });
    expect(await evaluateExpression('$map(["a", "b"], $uppercase)', context)).toEqual(["A", "B"]);
  });

  it("returns plain JSON: arrays without JSONata's sequence flags", async () => {
    const value = await evaluateExpression("input.items.price", context);
    expect(value).toEqual([5, 15]);
    expect(Object.keys(value as object)).toEqual(["0", "1"]);
  });

  it("returns undefined for a missing path", async () => {
    expect(await evaluateExpression("input.nope.deeper", context)).toBeUndefined();
  });

  it("reports syntax errors with their position", async () => {
    const err = await failure("input.(");
    expect(err.code).toBe("expression_syntax");
    expect(err.position).toBe(7);
    expect(err.message).toMatch(/^Syntax error at position 7/);
    expect(err.detail).toMatch(/^S0203/);
    expect(err.retryable).toBe(false);
  });

  it("reports runtime errors as expression_failed with a human message and the JSONata code", async () => {
    const err = await failure("input.user_id + 1");
    expect(err.code).toBe("expression_failed");
    expect(err.message).toContain("must evaluate to a number");
    expect(err.detail).toMatch(/^T2001/);
  });

  it("refuses to return a function", async () => {
    expect((await failure("$uppercase")).message).toBe("The expression returned a function instead of a value");
  });

  it("does not offer $eval", async () => {
    expect((await failure('$eval("1 + 1")')).message).toBe("$eval is not available in Fluxo expressions");
  });

  it("uses the injected clock and randomness", async () => {
    const options = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5), random: () => 0.25 };
    expect(await evaluateExpression("$now()", context, options)).toBe("2026-01-02T03:04:05.000Z");
    expect(await evaluateExpression("$millis()", context, options)).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(await evaluateExpression('$now("[Y0001]-[M01]")', context, options)).toBe("2026-01");
    expect(await evaluateExpression("$random()", context, options)).toBe(0.25);
  });

  it("compiles each source once", () => {
    expect(compileExpression("input.user_id & '!'")).toBe(compileExpression("input.user_id & '!'"));
  });

  it("keeps the budgets of concurrent evaluations apart", async () => {
    const heavy = evaluateExpression("$sum([1..1000].($ * 2))", context, { maxSteps: 100 });
    const light = evaluateExpression("$sum([1..1000].($ * 2))", context);
    const [heavyResult, lightResult] = await Promise.allSettled([heavy, light]);
    expect(heavyResult.status === "rejected" && (heavyResult.reason as ExpressionError).code).toBe(
      "expression_budget_exceeded",
    );
    expect(lightResult.status === "fulfilled" && lightResult.value).toBe(1001000);
  });
});
