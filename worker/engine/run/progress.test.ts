import { describe, expect, it } from "vitest";
import type { EngineGraph } from "./graph-view";
import { currentStep, phaseMetrics, progressOf, runView } from "./progress";
import { RunSimulator } from "./simulator";

const ok = { kind: "succeeded", output: {} } as const;
const graph: EngineGraph = {
  nodes: [
    { id: "get", type: "http", name: "Fetch user", phase: "fetch" },
    { id: "enrich", type: "transform", phase: "fetch" },
    { id: "check", type: "condition", phase: "decide" },
    { id: "notify", type: "emit_event", name: "Notify", phase: "deliver" },
  ],
  edges: [
    { from: "get", to: "enrich" },
    { from: "enrich", to: "check" },
    { from: "check", to: "notify", when: "true" },
  ],
};

describe("progress and current_step", () => {
  it("moves from 0 to 100 as steps finish, 100 only once the run completed", () => {
    const sim = new RunSimulator(graph);
    expect(progressOf(sim.state, 4)).toBe(0);
    expect(currentStep(sim.compiled, sim.state)).toBeNull();
    sim.send({ type: "start" });
    expect(currentStep(sim.compiled, sim.state)).toEqual({
      index: 0,
      label: "Fetch user",
      node_id: "get",
      node_type: "http",
    });
    sim.now += 1_000;
    sim.answer(ok);
    expect(sim.state.progress).toBe(25);
    expect(currentStep(sim.compiled, sim.state)).toMatchObject({ index: 1, node_id: "enrich", label: "enrich" });
    sim.now += 1_000;
    sim.answer(ok);
    sim.now += 1_000;
    sim.answer({ kind: "succeeded", output: { result: false } });
    // All four finished (notify skipped) but the completion is what makes it 100.
    expect(sim.state.status).toBe("completed");
    expect(sim.state.progress).toBe(100);
    expect(sim.emitted("execution.progress").map((e) => e.data.progress)).toEqual([25, 50, 100]);
    expect(currentStep(sim.compiled, sim.state)).toBeNull();
  });

  it("stays below 100 for a failed run and points at the failed step", () => {
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.answer(ok);
    sim.answer({
      kind: "failed",
      error: { code: "expression_failed", message_human: "Bad expression", retryable: false },
    });
    expect(sim.state.status).toBe("failed");
    expect(progressOf(sim.state, 4)).toBe(50);
    expect(currentStep(sim.compiled, sim.state)).toMatchObject({ node_id: "enrich", index: 1 });
  });

  it("counts a step with a retry scheduled as current", () => {
    const sim = new RunSimulator({
      nodes: [{ id: "a", type: "http", retry: { max_attempts: 2, backoff: "fixed", base_delay_ms: 5_000 } }],
      edges: [],
    });
    sim.send({ type: "start" });
    sim.answer({ kind: "failed", error: { code: "http_status_5xx", message_human: "Down", retryable: true } });
    expect(currentStep(sim.compiled, sim.state)?.node_id).toBe("a");
  });
});

describe("phaseMetrics", () => {
  it("times each phase from its first start to its last finish", () => {
    const sim = new RunSimulator(graph, { now: 0 });
    sim.send({ type: "start" });
    sim.now = 1_000;
    sim.answer(ok);
    expect(phaseMetrics(sim.compiled, sim.state)).toEqual({
      fetch: { started_at: 0, completed_at: null, duration_ms: null },
      decide: { started_at: null, completed_at: null, duration_ms: null },
      deliver: { started_at: null, completed_at: null, duration_ms: null },
    });
    sim.now = 3_000;
    sim.answer(ok);
    sim.now = 3_500;
    sim.answer({ kind: "succeeded", output: { result: true } });
    sim.now = 4_000;
    sim.answer(ok);
    expect(phaseMetrics(sim.compiled, sim.state)).toEqual({
      fetch: { started_at: 0, completed_at: 3_000, duration_ms: 3_000 },
      decide: { started_at: 3_000, completed_at: 3_500, duration_ms: 500 },
      deliver: { started_at: 3_500, completed_at: 4_000, duration_ms: 500 },
    });
  });
});

describe("runView", () => {
  it("gives the UI status, errors and what to do next", () => {
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.calls.length = 0;
    sim.fireNextTimer();
    const view = runView(sim.compiled, sim.state);
    expect(view).toMatchObject({
      status: "failed",
      progress: 25,
      last_error_human: "Step “Fetch user” did not finish within 2 minutes",
      last_error_tech: "attempt 1 exceeded timeout_ms=120000",
      current_step: { node_id: "get" },
    });
    expect(view.recommended_actions[0]).toMatchObject({
      action: "edit_node_timeout",
      target_node_id: "get",
      params: { timeout_ms: 240_000 },
    });
  });

  it("has no actions while all is well", () => {
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    expect(runView(sim.compiled, sim.state)).toMatchObject({
      status: "running",
      recommended_actions: [],
      last_error_human: null,
    });
  });
});
