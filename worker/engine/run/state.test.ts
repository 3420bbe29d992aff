import { describe, expect, it } from "vitest";
import { EngineInputError } from "./errors";
import { compileGraph } from "./graph-view";
import { createRunState } from "./state";

const compiled = compileGraph({
  nodes: [
    { id: "a", type: "noop" },
    { id: "b", type: "noop" },
  ],
  edges: [{ from: "a", to: "b" }],
});

describe("createRunState", () => {
  it("starts queued with every step pending", () => {
    const state = createRunState(compiled, { run_id: "run_1", now: 5 });
    expect(state).toMatchObject({ run_id: "run_1", status: "queued", created_at: 5, started_at: null, progress: 0 });
    expect(Object.values(state.steps).map((s) => s.status)).toEqual(["pending", "pending"]);
    expect(state.counts.pending).toBe(2);
    expect(state.options).toEqual({ skip_steps: [], mock_data: {}, until_step: null });
  });

  it("stores partial-run options", () => {
    const state = createRunState(compiled, {
      run_id: "r",
      now: 0,
      options: { skip_steps: ["a", "a"], mock_data: { b: { ok: true } }, until_step: "b" },
    });
    expect(state.options).toEqual({ skip_steps: ["a"], mock_data: { b: { ok: true } }, until_step: "b" });
  });

  it("refuses options naming steps the workflow doesn't have", () => {
    expect(() =>
      createRunState(compiled, { run_id: "r", now: 0, options: { skip_steps: ["x"], until_step: "y" } }),
    ).toThrow(new EngineInputError("invalid_run_options", "Unknown step(s) in run options: x, y"));
  });

  it("is plain JSON (the shell persists it as is)", () => {
    const state = createRunState(compiled, { run_id: "r", now: 0 });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
