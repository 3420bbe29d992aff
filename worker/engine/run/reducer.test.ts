import { describe, expect, it } from "vitest";
import { compileGraph, type EngineGraph } from "./graph-view";
import type { EngineEvent } from "./protocol";
import { reduce } from "./reducer";
import { RunSimulator, type UnstampedEvent } from "./simulator";
import { createRunState } from "./state";

const ok = { kind: "succeeded", output: { ok: true } } as const;

function linear(n: number): EngineGraph {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, type: "http", name: `Step ${i}` }));
  const edges = nodes.slice(1).map((node, i) => ({ from: `s${i}`, to: node.id }));
  return { nodes, edges };
}

/** Sends an event and checks it changed nothing: same state object, no effects. */
function expectNoop(sim: RunSimulator, event: UnstampedEvent): void {
  const before = sim.state;
  expect(sim.send(event)).toEqual([]);
  expect(sim.state).toBe(before);
}

describe("a linear run", () => {
  it("executes steps one after another and completes", () => {
    const sim = new RunSimulator(linear(3));
    const started = sim.send({ type: "start" });
    expect(started.map((e) => e.type)).toEqual(["emit", "set_timer", "set_timer", "execute_step", "emit"]);
    expect(started).toContainEqual({
      type: "execute_step",
      node_id: "s0",
      attempt: 1,
      idempotency_key: "run_1:s0:1",
      timeout_at: sim.now + 120_000,
    });
    expect(started).toContainEqual({
      type: "set_timer",
      timer_id: "run_timeout",
      kind: "run_timeout",
      due_at: sim.now + 1_800_000,
    });
    expect(sim.state.status).toBe("running");
    expect(sim.calls.map((c) => c.node_id)).toEqual(["s0"]);

    sim.answer(ok);
    expect(sim.statuses()).toEqual({ s0: "succeeded", s1: "running", s2: "pending" });
    sim.answer(ok);
    const last = sim.send({
      type: "step_outcome",
      node_id: "s2",
      attempt: 1,
      outcome: { kind: "succeeded", output: 42 },
    });
    sim.calls.length = 0;

    expect(sim.state.status).toBe("completed");
    expect(sim.state.progress).toBe(100);
    expect(sim.timers.size).toBe(0);
    expect(last).toContainEqual({ type: "run_finished", status: "completed" });
    expect(last).toContainEqual({ type: "clear_timer", timer_id: "run_timeout" });
    expect(sim.emitted("step.completed").map((e) => e.data.node_id)).toEqual(["s0", "s1", "s2"]);
    expect(sim.emitted("step.completed")[2]?.data).toMatchObject({ output: 42, status: "succeeded", attempt: 1 });
    expect(sim.emitted("execution.status_changed").map((e) => e.data.to)).toEqual(["running", "completed"]);
    expect(sim.emitted("execution.completed")).toHaveLength(1);
  });

  it("never mutates the state it is given", () => {
    const compiled = compileGraph(linear(2));
    const state = createRunState(compiled, { run_id: "r", now: 0 });
    const frozen = JSON.stringify(state);
    const started = reduce(compiled, state, { type: "start", now: 1 });
    expect(JSON.stringify(state)).toBe(frozen);
    const mid = JSON.stringify(started.state);
    reduce(compiled, started.state, { type: "step_outcome", now: 2, node_id: "s0", attempt: 1, outcome: ok });
    expect(JSON.stringify(started.state)).toBe(mid);
    expect(started.changed_steps).toEqual(["s0"]);
  });

  it("runs a 1,000-step linear graph end to end", () => {
    const sim = new RunSimulator(linear(1_000));
    sim.send({ type: "start" });
    const final = sim.runToEnd(() => ok);
    expect(final.status).toBe("completed");
    expect(sim.executed).toHaveLength(1_000);
    expect(final.counts.succeeded).toBe(1_000);
    expect(sim.emitted("execution.progress").map((e) => e.data.progress)).toHaveLength(100);
  });

  it("is deterministic: the same events give the same effects", () => {
    const run = () => {
      const sim = new RunSimulator({
        nodes: [{ id: "a", type: "http", retry: { max_attempts: 3, backoff: "exponential", base_delay_ms: 1_000 } }],
        edges: [],
      });
      sim.send({ type: "start" });
      sim.answer({ kind: "failed", error: { code: "http_status_5xx", message_human: "Down", retryable: true } });
      return sim.effects;
    };
    expect(run()).toEqual(run());
  });
});

describe("duplicate and stale events are no-ops", () => {
  const approvalGraph: EngineGraph = {
    nodes: [
      { id: "ask", type: "approval" },
      { id: "wait", type: "wait_event" },
      { id: "child", type: "subworkflow" },
    ],
    edges: [],
  };

  function waitingSim(): RunSimulator {
    const sim = new RunSimulator(approvalGraph);
    sim.send({ type: "start" });
    sim.answer({ kind: "wait", wait: { reason: "approval", timeout_at: sim.now + 60_000 } }, "ask");
    sim.answer({ kind: "wait", wait: { reason: "event", event_name: "paid", correlation_key: "o-1" } }, "wait");
    sim.answer({ kind: "wait", wait: { reason: "child", child_run_id: "run_child" } }, "child");
    return sim;
  }

  it("start", () => {
    const sim = new RunSimulator(linear(1));
    sim.send({ type: "start" });
    expectNoop(sim, { type: "start" });
  });

  it("concurrency_wait once the run started, or twice", () => {
    const sim = new RunSimulator(linear(1));
    sim.send({ type: "concurrency_wait" });
    expectNoop(sim, { type: "concurrency_wait" });
    sim.send({ type: "start" });
    expectNoop(sim, { type: "concurrency_wait" });
  });

  it("step_outcome: duplicate, wrong attempt, unknown step, step not running", () => {
    const sim = new RunSimulator(linear(2));
    sim.send({ type: "start" });
    sim.answer(ok);
    expectNoop(sim, { type: "step_outcome", node_id: "s0", attempt: 1, outcome: ok });
    expectNoop(sim, { type: "step_outcome", node_id: "s1", attempt: 2, outcome: ok });
    expectNoop(sim, { type: "step_outcome", node_id: "ghost", attempt: 1, outcome: ok });
    const fresh = new RunSimulator(linear(2));
    fresh.send({ type: "start" });
    expectNoop(fresh, { type: "step_outcome", node_id: "s1", attempt: 1, outcome: ok });
  });

  it("timer_fired: consumed or unknown timer", () => {
    const sim = new RunSimulator({ nodes: [{ id: "d", type: "delay" }], edges: [] });
    sim.send({ type: "start" });
    sim.answer({ kind: "wait", wait: { reason: "timer", resume_at: sim.now + 1_000 } });
    sim.send({ type: "timer_fired", timer_id: "resume:d:1" });
    expect(sim.state.status).toBe("completed");
    const again = new RunSimulator(linear(1));
    again.send({ type: "start" });
    again.answer(ok, "s0");
    // The step finished, so its deadline timer was cleared: a late alarm for it changes nothing.
    expectNoop(again, { type: "timer_fired", timer_id: "step_timeout:s0:1" });
    expectNoop(again, { type: "timer_fired", timer_id: "nope" });
  });

  it("approval_decided: twice, or for a step not waiting for approval", () => {
    const sim = waitingSim();
    expectNoop(sim, { type: "approval_decided", node_id: "wait", decision: "approved", by: "ana" });
    sim.send({ type: "approval_decided", node_id: "ask", decision: "approved", by: "ana" });
    expectNoop(sim, { type: "approval_decided", node_id: "ask", decision: "rejected", by: "bob" });
  });

  it("signal_received: no matching wait, wrong correlation key, duplicate", () => {
    const sim = waitingSim();
    expectNoop(sim, { type: "signal_received", event_name: "other", payload: {} });
    expectNoop(sim, { type: "signal_received", event_name: "paid", correlation_key: "o-2", payload: {} });
    sim.send({ type: "signal_received", event_name: "paid", correlation_key: "o-1", payload: { amount: 5 } });
    expect(sim.state.steps.wait?.status).toBe("succeeded");
    expectNoop(sim, { type: "signal_received", event_name: "paid", correlation_key: "o-1", payload: { amount: 5 } });
  });

  it("child_finished: wrong child run, duplicate", () => {
    const sim = waitingSim();
    expectNoop(sim, { type: "child_finished", node_id: "child", child_run_id: "other", status: "completed" });
    sim.send({ type: "child_finished", node_id: "child", child_run_id: "run_child", status: "completed", output: 1 });
    expectNoop(sim, { type: "child_finished", node_id: "child", child_run_id: "run_child", status: "completed" });
  });

  it("cancel, pause and resume when they don't apply", () => {
    const sim = waitingSim();
    expectNoop(sim, { type: "resume", by: "ana" });
    sim.send({ type: "pause", by: "ana" });
    expectNoop(sim, { type: "pause", by: "ana" });
    sim.send({ type: "cancel", by: "ana" });
    expectNoop(sim, { type: "cancel", by: "ana" });
  });

  it("anything after the run finished", () => {
    const sim = waitingSim();
    sim.send({ type: "cancel", by: "ana", reason: "wrong input" });
    const late: UnstampedEvent[] = [
      { type: "start" },
      { type: "step_outcome", node_id: "ask", attempt: 1, outcome: ok },
      { type: "timer_fired", timer_id: "wait_timeout:ask:1" },
      { type: "approval_decided", node_id: "ask", decision: "approved", by: "ana" },
      { type: "signal_received", event_name: "paid", correlation_key: "o-1", payload: null },
      { type: "child_finished", node_id: "child", child_run_id: "run_child", status: "completed" },
      { type: "pause", by: "ana" },
      { type: "resume", by: "ana" },
      { type: "concurrency_wait" },
    ];
    for (const event of late) expectNoop(sim, event);
  });
});

describe("partial runs", () => {
  const graph: EngineGraph = {
    nodes: [
      { id: "fetch", type: "http" },
      { id: "check", type: "condition" },
      { id: "send", type: "http" },
      { id: "log", type: "noop" },
      { id: "after", type: "noop" },
    ],
    edges: [
      { from: "fetch", to: "check" },
      { from: "check", to: "send", when: "true" },
      { from: "check", to: "log", when: "false" },
      { from: "send", to: "after" },
    ],
  };

  it("mock_data: the step succeeds with the mocked output without executing, and its output drives branches", () => {
    const sim = new RunSimulator(graph, { options: { mock_data: { fetch: { id: 7 }, check: { result: false } } } });
    sim.send({ type: "start" });
    const final = sim.runToEnd(() => ok);
    expect(final.status).toBe("completed");
    expect(sim.executed.map((c) => c.node_id)).toEqual(["log"]);
    expect(sim.statuses()).toEqual({
      fetch: "succeeded",
      check: "succeeded",
      send: "skipped",
      log: "succeeded",
      after: "skipped",
    });
    expect(sim.emitted("step.completed")[0]?.data).toMatchObject({ node_id: "fetch", mocked: true, output: { id: 7 } });
  });

  it("skip_steps: the step is skipped but the flow continues through it", () => {
    const sim = new RunSimulator(linear(3), { options: { skip_steps: ["s1"] } });
    sim.send({ type: "start" });
    const final = sim.runToEnd(() => ok);
    expect(final.status).toBe("completed");
    expect(sim.executed.map((c) => c.node_id)).toEqual(["s0", "s2"]);
    expect(final.steps.s1).toMatchObject({ status: "skipped", skip_reason: "user_skipped" });
  });

  it("skip_steps on a branching step keeps every branch live (use mock_data to pick one)", () => {
    const sim = new RunSimulator(graph, { options: { skip_steps: ["check"] } });
    sim.send({ type: "start" });
    sim.runToEnd(() => ok);
    expect(sim.executed.map((c) => c.node_id).sort()).toEqual(["after", "fetch", "log", "send"]);
  });

  it("until_step: runs the step and its ancestors only, skips the rest, and completes", () => {
    const sim = new RunSimulator(graph, { options: { until_step: "check" } });
    sim.send({ type: "start" });
    const final = sim.runToEnd((call) =>
      call.node_id === "check" ? { kind: "succeeded", output: { result: true } } : ok,
    );
    expect(final.status).toBe("completed");
    expect(sim.executed.map((c) => c.node_id)).toEqual(["fetch", "check"]);
    expect(final.steps.send).toMatchObject({ status: "skipped", skip_reason: "outside_until_step" });
    expect(final.progress).toBe(100);
  });
});

describe("reduce signature", () => {
  it("accepts every event kind of the union", () => {
    const compiled = compileGraph(linear(1));
    const state = createRunState(compiled, { run_id: "r", now: 0 });
    const events: EngineEvent[] = [
      { type: "pause", now: 1, by: "x" },
      { type: "resume", now: 1, by: "x" },
    ];
    for (const event of events) expect(reduce(compiled, state, event).state).toBe(state);
  });
});
