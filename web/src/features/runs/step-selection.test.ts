import { describe, expect, it } from "vitest";
import { selectedStepId } from "./step-selection";

const steps = [
  { node_id: "review", status: "succeeded" as const, index: 0 },
  { node_id: "check", status: "succeeded" as const, index: 1 },
  { node_id: "deploy", status: "failed" as const, index: 2 },
  { node_id: "notify", status: "pending" as const, index: 3 },
];

describe("selectedStepId", () => {
  it("keeps the step the person picked", () => {
    expect(selectedStepId(steps, "check", null)).toBe("check");
  });

  it("ignores a picked step that isn't in this run and shows the failed one", () => {
    expect(selectedStepId(steps, "ghost", null)).toBe("deploy");
  });

  it("prefers a waiting step over a failed or running one", () => {
    const waiting = [...steps, { node_id: "approve", status: "waiting" as const, index: 4 }];
    expect(selectedStepId(waiting, null, "notify")).toBe("approve");
  });

  it("falls back to the current step, then the first step, then nothing", () => {
    const calm = steps.map((step) => ({ ...step, status: "succeeded" as const }));
    expect(selectedStepId(calm, null, "check")).toBe("check");
    expect(selectedStepId(calm, null, null)).toBe("review");
    expect(selectedStepId([], "review", "review")).toBeNull();
  });
});
