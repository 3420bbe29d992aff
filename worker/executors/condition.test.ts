import { describe, expect, it } from "vitest";
import { jsonataBoolean } from "./condition";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";

const { services } = fakeServices();

describe("jsonataBoolean", () => {
  it.each([
    [true, true],
    [false, false],
    ["", false],
    ["no", true],
    [0, false],
    [-1, true],
    [null, false],
    [undefined, false],
    [[], false],
    [[0], false],
    [[0, ""], false],
    [[0, "x"], true],
    [{}, false],
    [{ a: 1 }, true],
  ])("%j is %s", (value, expected) => {
    expect(jsonataBoolean(value)).toBe(expected);
  });
});

describe("condition executor", () => {
  it("outputs { result } from the expression's truthiness", async () => {
    const yes = await executeStep(testInput(testNode("condition", { expression: "input.amount > 100" })), services);
    expect(yes.outcome).toEqual({ kind: "succeeded", output: { result: true } });
    const empty = await executeStep(testInput(testNode("condition", { expression: "input.missing" })), services);
    expect(empty.outcome).toEqual({ kind: "succeeded", output: { result: false } });
    const text = await executeStep(testInput(testNode("condition", { expression: "input.name" })), services);
    expect(text.outcome).toEqual({ kind: "succeeded", output: { result: true } });
  });

  it("fails without retry when the expression fails", async () => {
    const node = testNode("condition", { expression: "$substring(input.amount)" }, { name: "Big order?" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { retryable: false } });
    if (outcome.kind === "failed") expect(outcome.error.message_human).toContain("Step “Big order?”: the condition");
  });
});
