import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";

const { services } = fakeServices();

describe("transform executor", () => {
  it("outputs the expression's value", async () => {
    const node = testNode("transform", { expression: "$sum(input.items.price) * 2" });
    const result = await executeStep(testInput(node), services);
    expect(result.outcome).toEqual({ kind: "succeeded", output: 40 });
    expect(result.data_in).toEqual({ expression: "$sum(input.items.price) * 2" });
  });

  it("outputs null for a missing value, and sees the attempt's clock in $now()", async () => {
    const missing = await executeStep(testInput(testNode("transform", { expression: "input.nothing" })), services);
    expect(missing.outcome).toEqual({ kind: "succeeded", output: null });
    const clock = await executeStep(testInput(testNode("transform", { expression: "$now()" })), services);
    expect(clock.outcome).toEqual({ kind: "succeeded", output: "2026-01-15T10:30:00.000Z" });
  });

  it("fails without retry, naming the step and the problem, when the expression fails", async () => {
    const node = testNode("transform", { expression: "input.name + 1" }, { name: "Compute total" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "expression_failed", retryable: false } });
    if (outcome.kind !== "failed") return;
    expect(outcome.error.message_human).toMatch(/^Step “Compute total”: the expression could not be evaluated\. /);
    expect(outcome.error.message_tech).toContain("T2001");
  });

  it("reports budget failures with their own code", async () => {
    const node = testNode("transform", { expression: "( $f := function($n){ 1 + $f($n + 1) }; $f(0) )" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "expression_budget_exceeded", retryable: false } });
  });
});
