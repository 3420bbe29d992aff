import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";

const { services } = fakeServices();

describe("set executor", () => {
  it("outputs the values with their templates rendered, keeping types and missing values as null", async () => {
    const node = testNode("set", {
      values: {
        id: "{{ input.user_id }}",
        greeting: "Hi {{ input.name }}",
        fixed: 3,
        nested: { env: "{{ vars.env }}" },
        gone: "{{ input.nope }}",
      },
    });
    const result = await executeStep(testInput(node), services);
    expect(result.outcome).toEqual({
      kind: "succeeded",
      output: { id: 42, greeting: "Hi Ada", fixed: 3, nested: { env: "test" }, gone: null },
    });
    expect(result.data_out).toEqual(result.outcome.kind === "succeeded" ? result.outcome.output : undefined);
  });

  it("fails without retry, naming the step, when a value's template fails", async () => {
    const node = testNode("set", { values: { broken: "{{ input.( }}" } }, { name: "Shape" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "expression_syntax", retryable: false } });
    if (outcome.kind === "failed") expect(outcome.error.message_human).toContain("Step “Shape”: the values");
  });
});

describe("noop executor", () => {
  it("succeeds with an empty object", async () => {
    const result = await executeStep(testInput(testNode("noop", {})), services);
    expect(result).toEqual({ outcome: { kind: "succeeded", output: {} }, data_in: {}, data_out: {} });
  });
});
