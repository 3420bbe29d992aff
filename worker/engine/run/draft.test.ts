import { describe, expect, it } from "vitest";
import { Draft } from "./draft";
import { IllegalTransitionError } from "./errors";
import { compileGraph } from "./graph-view";
import { createRunState } from "./state";

const compiled = compileGraph({
  nodes: [
    { id: "a", type: "noop" },
    { id: "b", type: "noop" },
  ],
  edges: [],
});

describe("Draft", () => {
  it("copies on write and leaves the base state untouched", () => {
    const base = createRunState(compiled, { run_id: "r", now: 0 });
    const d = new Draft(compiled, base, 1, () => 0);
    d.setStepStatus("a", "running");
    d.setTimer("t", { kind: "run_timeout", due_at: 5 });
    d.pushReady("b");
    expect(base.steps.a?.status).toBe("pending");
    expect(base.counts).toMatchObject({ pending: 2, running: 0 });
    expect(base.timers).toEqual({});
    expect(base.ready).toEqual([]);
    expect(base.active).toEqual({});
    expect(d.state.steps.a?.status).toBe("running");
    expect(d.state.steps.b).toBe(base.steps.b);
    expect(d.state.counts).toMatchObject({ pending: 1, running: 1 });
    expect(d.state.active).toEqual({ a: true });
    expect([...d.changedSteps]).toEqual(["a"]);
  });

  it("refuses illegal moves", () => {
    const d = new Draft(compiled, createRunState(compiled, { run_id: "r", now: 0 }), 1, () => 0);
    expect(() => d.setStepStatus("a", "succeeded")).toThrow(IllegalTransitionError);
    expect(() => d.moveRun("completed")).toThrow("Illegal run transition queued → completed");
  });

  it("announces status changes once and clears only armed timers", () => {
    const d = new Draft(compiled, createRunState(compiled, { run_id: "r", now: 0 }), 1, () => 0);
    d.moveRun("running");
    d.moveRun("running");
    d.clearTimer("never-armed");
    expect(d.effects).toEqual([
      { type: "emit", event_type: "execution.status_changed", data: { from: "queued", to: "running" } },
    ]);
  });
});
