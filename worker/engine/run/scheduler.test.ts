import { describe, expect, it } from "vitest";
import { compileGraph, type EngineGraph, nodeOf } from "./graph-view";
import { branchLabel, computeSchedule, edgeState, joinVerdict } from "./scheduler";
import { RunSimulator } from "./simulator";
import type { StepState } from "./state";

const ok = { kind: "succeeded", output: {} } as const;
const step = (over: Partial<StepState>): StepState => ({
  status: "pending",
  attempt: 0,
  inputs_resolved: 0,
  inputs_live: 0,
  ...over,
});

describe("branchLabel", () => {
  const compiled = compileGraph({
    nodes: [
      { id: "c", type: "condition" },
      { id: "s", type: "switch" },
      { id: "a", type: "noop" },
      { id: "b", type: "noop" },
    ],
    edges: [
      { from: "c", to: "a", when: "true" },
      { from: "s", to: "a", when: "gold" },
      { from: "s", to: "b", when: "default" },
    ],
  });

  it("reads a condition's boolean result", () => {
    expect(branchLabel(nodeOf(compiled, "c"), { result: true })).toBe("true");
    expect(branchLabel(nodeOf(compiled, "c"), { result: false })).toBe("false");
    expect(branchLabel(nodeOf(compiled, "c"), { result: "true" })).toBeNull();
    expect(branchLabel(nodeOf(compiled, "c"), null)).toBeNull();
  });

  it("matches a switch value against edge labels, else takes default", () => {
    expect(branchLabel(nodeOf(compiled, "s"), { value: "gold" })).toBe("gold");
    expect(branchLabel(nodeOf(compiled, "s"), { value: "silver" })).toBe("default");
    expect(branchLabel(nodeOf(compiled, "s"), { value: 3 })).toBe("default");
    expect(branchLabel(nodeOf(compiled, "s"), {})).toBeNull();
  });
});

describe("edgeState and joinVerdict", () => {
  const edge = { index: 0, from: "a", to: "b", when: "true" };
  it("classifies edges by their source", () => {
    expect(edgeState(edge, step({ status: "succeeded", branch: "true" }))).toBe("live");
    expect(edgeState(edge, step({ status: "succeeded", branch: "false" }))).toBe("dead");
    expect(edgeState({ ...edge, when: null }, step({ status: "succeeded" }))).toBe("live");
    expect(edgeState(edge, step({ status: "skipped", skip_reason: "branch_not_taken" }))).toBe("dead");
    expect(edgeState(edge, step({ status: "skipped", skip_reason: "user_skipped" }))).toBe("live");
    expect(edgeState(edge, step({ status: "failed" }))).toBe("dead");
    expect(edgeState(edge, step({ status: "canceled" }))).toBe("dead");
    expect(edgeState(edge, step({ status: "running" }))).toBe("unresolved");
  });

  it("applies join all and join any", () => {
    const compiled = compileGraph({
      nodes: [
        { id: "x", type: "noop" },
        { id: "y", type: "noop" },
        { id: "all", type: "noop" },
        { id: "any", type: "noop", join: "any" },
      ],
      edges: [
        { from: "x", to: "all" },
        { from: "y", to: "all" },
        { from: "x", to: "any" },
        { from: "y", to: "any" },
      ],
    });
    const all = nodeOf(compiled, "all");
    const any = nodeOf(compiled, "any");
    expect(joinVerdict(all, { resolved: 1, live: 1 })).toBe("wait");
    expect(joinVerdict(all, { resolved: 2, live: 1 })).toBe("ready");
    expect(joinVerdict(all, { resolved: 2, live: 0 })).toBe("skip");
    expect(joinVerdict(any, { resolved: 1, live: 1 })).toBe("ready");
    expect(joinVerdict(any, { resolved: 1, live: 0 })).toBe("wait");
    expect(joinVerdict(any, { resolved: 2, live: 0 })).toBe("skip");
  });
});

describe("fan-out and join", () => {
  it("joins 10 parallel branches exactly once, after the last one", () => {
    const branches = Array.from({ length: 10 }, (_, i) => `b${i}`);
    const graph: EngineGraph = {
      nodes: [
        { id: "start", type: "noop" },
        ...branches.map((id) => ({ id, type: "http" })),
        { id: "join", type: "transform" },
      ],
      edges: [
        ...branches.map((id) => ({ from: "start", to: id })),
        ...branches.map((id) => ({ from: id, to: "join" })),
      ],
    };
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.answer(ok, "start");
    expect(sim.calls.map((c) => c.node_id)).toEqual(branches);
    // Finish branches out of order; the join must not start before the last one.
    for (const id of [...branches].reverse()) {
      expect(sim.state.steps.join?.status).toBe("pending");
      sim.answer(ok, id);
    }
    expect(sim.calls.map((c) => c.node_id)).toEqual(["join"]);
    sim.answer(ok, "join");
    expect(sim.state.status).toBe("completed");
    expect(sim.executed.filter((c) => c.node_id === "join")).toHaveLength(1);
    expect(sim.emitted("execution.completed")).toHaveLength(1);
  });

  it("join any starts at the first arrival and never again", () => {
    const graph: EngineGraph = {
      nodes: [
        { id: "a", type: "noop" },
        { id: "fast", type: "http" },
        { id: "slow", type: "http" },
        { id: "first", type: "transform", join: "any" },
      ],
      edges: [
        { from: "a", to: "fast" },
        { from: "a", to: "slow" },
        { from: "fast", to: "first" },
        { from: "slow", to: "first" },
      ],
    };
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.answer(ok, "a");
    sim.answer(ok, "fast");
    expect(sim.state.steps.first?.status).toBe("running");
    expect(sim.state.steps.slow?.status).toBe("running");
    sim.answer(ok, "first");
    expect(sim.state.status).toBe("running");
    sim.answer(ok, "slow");
    expect(sim.state.status).toBe("completed");
    expect(sim.executed.filter((c) => c.node_id === "first")).toHaveLength(1);
  });

  it("join any is skipped when every input is dead", () => {
    const graph: EngineGraph = {
      nodes: [
        { id: "c", type: "condition" },
        { id: "x", type: "noop" },
        { id: "y", type: "noop" },
        { id: "j", type: "noop", join: "any" },
        { id: "other", type: "noop" },
      ],
      edges: [
        { from: "c", to: "x", when: "true" },
        { from: "c", to: "y", when: "true" },
        { from: "c", to: "other", when: "false" },
        { from: "x", to: "j" },
        { from: "y", to: "j" },
      ],
    };
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.answer({ kind: "succeeded", output: { result: false } }, "c");
    expect(sim.statuses()).toMatchObject({ x: "skipped", y: "skipped", j: "skipped", other: "running" });
  });
});

describe("branching", () => {
  const graph: EngineGraph = {
    nodes: [
      { id: "check", type: "condition" },
      { id: "yes1", type: "http" },
      { id: "yes2", type: "http" },
      { id: "no1", type: "http" },
      { id: "no2", type: "http" },
      { id: "only_no", type: "noop" },
      { id: "end", type: "noop" },
    ],
    edges: [
      { from: "check", to: "yes1", when: "true" },
      { from: "yes1", to: "yes2" },
      { from: "check", to: "no1", when: "false" },
      { from: "no1", to: "no2" },
      { from: "no2", to: "only_no" },
      { from: "yes2", to: "end" },
      { from: "only_no", to: "end" },
    ],
  };

  it("skips the branch not taken transitively, and a join with one live input still runs", () => {
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.answer({ kind: "succeeded", output: { result: true } }, "check");
    expect(sim.statuses()).toMatchObject({ no1: "skipped", no2: "skipped", only_no: "skipped", yes1: "running" });
    expect(sim.state.steps.no2?.skip_reason).toBe("branch_not_taken");
    const final = sim.runToEnd(() => ok);
    expect(final.status).toBe("completed");
    expect(final.steps.end?.status).toBe("succeeded");
    expect(sim.executed.map((c) => c.node_id)).toEqual(["check", "yes1", "yes2", "end"]);
    expect(
      sim
        .emitted("step.completed")
        .filter((e) => e.data.status === "skipped")
        .map((e) => e.data.node_id),
    ).toEqual(["no1", "no2", "only_no"]);
  });

  it("a switch takes the matching case, or default when none matches", () => {
    const sw: EngineGraph = {
      nodes: [
        { id: "tier", type: "switch" },
        { id: "gold", type: "noop" },
        { id: "silver", type: "noop" },
        { id: "other", type: "noop" },
      ],
      edges: [
        { from: "tier", to: "gold", when: "gold" },
        { from: "tier", to: "silver", when: "silver" },
        { from: "tier", to: "other", when: "default" },
      ],
    };
    const run = (value: unknown) => {
      const sim = new RunSimulator(sw);
      sim.send({ type: "start" });
      return sim.runToEnd((c) => (c.node_id === "tier" ? { kind: "succeeded", output: { value } } : ok)).steps;
    };
    const fallback = run("bronze");
    expect([fallback.gold?.status, fallback.silver?.status, fallback.other?.status]).toEqual([
      "skipped",
      "skipped",
      "succeeded",
    ]);
    const silver = run("silver");
    expect([silver.gold?.status, silver.silver?.status, silver.other?.status]).toEqual([
      "skipped",
      "succeeded",
      "skipped",
    ]);
  });

  it("fails the step (not retried) when a condition's output can't be branched on", () => {
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.answer({ kind: "succeeded", output: { result: "maybe" } }, "check");
    expect(sim.state.status).toBe("failed");
    expect(sim.state.steps.check?.error?.code).toBe("invalid_branch_output");
    expect(sim.state.last_error?.human).toBe("Step “check” did not produce a decision the workflow can branch on");
  });
});

describe("computeSchedule (from scratch)", () => {
  it("agrees with the incremental scheduler", () => {
    const compiled = compileGraph({
      nodes: [
        { id: "c", type: "condition" },
        { id: "t", type: "noop" },
        { id: "f", type: "noop" },
        { id: "f2", type: "noop" },
        { id: "j", type: "noop" },
      ],
      edges: [
        { from: "c", to: "t", when: "true" },
        { from: "c", to: "f", when: "false" },
        { from: "f", to: "f2" },
        { from: "t", to: "j" },
        { from: "f2", to: "j" },
      ],
    });
    const fresh = {
      c: step({}),
      t: step({}),
      f: step({}),
      f2: step({}),
      j: step({}),
    };
    expect(computeSchedule(compiled, fresh)).toEqual({ ready: ["c"], skip: [] });
    const decided = { ...fresh, c: step({ status: "succeeded", branch: "true", ready_at: 1 }) };
    expect(computeSchedule(compiled, decided)).toEqual({
      ready: ["t"],
      skip: [
        { node_id: "f", reason: "branch_not_taken" },
        { node_id: "f2", reason: "branch_not_taken" },
      ],
    });
    const userSkip = computeSchedule(compiled, decided, { skip_steps: ["t"] });
    expect(userSkip.ready).toEqual(["j"]);
    expect(userSkip.skip[0]).toEqual({ node_id: "t", reason: "user_skipped" });
  });
});
