import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";

const { services } = fakeServices();

describe("switch executor", () => {
  it("outputs { value } for the engine to match against the cases", async () => {
    const node = testNode("switch", { expression: "input.kind", cases: ["a", "b"] });
    const result = await executeStep(testInput(node), services);
    expect(result.outcome).toEqual({ kind: "succeeded", output: { value: "b" } });
    expect(result.data_in).toEqual({ expression: "input.kind", cases: ["a", "b"] });
  });

  it("keeps non-string values and turns a missing value into null", async () => {
    const number = await executeStep(
      testInput(testNode("switch", { expression: "input.user_id", cases: ["42"] })),
      services,
    );
    expect(number.outcome).toEqual({ kind: "succeeded", output: { value: 42 } });
    const missing = await executeStep(
      testInput(testNode("switch", { expression: "input.nope", cases: ["a"] })),
      services,
    );
    expect(missing.outcome).toEqual({ kind: "succeeded", output: { value: null } });
  });

  it("fails without retry, naming the step, when the expression fails", async () => {
    const node = testNode("switch", { expression: "$unknownFn()", cases: ["a"] }, { name: "Route" });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { retryable: false } });
    if (outcome.kind === "failed") expect(outcome.error.message_human).toContain("Step “Route”: the switch expression");
  });
});
