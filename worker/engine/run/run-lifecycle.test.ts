import { describe, expect, it } from "vitest";
import type { EngineGraph } from "./graph-view";
import { RunSimulator } from "./simulator";
import type { RunStatus } from "./states";

const ok = { kind: "succeeded", output: {} } as const;
const graph: EngineGraph = {
  nodes: [
    { id: "fetch", type: "http" },
    { id: "ask", type: "approval" },
    { id: "sub", type: "subworkflow" },
    { id: "end", type: "noop" },
  ],
  edges: [
    { from: "fetch", to: "ask" },
    { from: "fetch", to: "sub" },
    { from: "ask", to: "end" },
    { from: "sub", to: "end" },
  ],
  settings: { run_timeout_ms: 600_000 },
};

/** A run brought to `status` through real events. */
function runIn(status: RunStatus | "waiting_concurrency"): RunSimulator {
  const sim = new RunSimulator(graph);
  switch (status) {
    case "queued":
      return sim;
    case "waiting_concurrency":
      sim.send({ type: "concurrency_wait" });
      return sim;
    case "needs_review":
      sim.send({ type: "start", preflight: { blocking_count: 1, warning_count: 0 } });
      return sim;
    case "ready": {
      sim.send({ type: "start", preflight: { blocking_count: 1, warning_count: 0 } });
      // `ready` is transient in the reducer (resume goes on to running); a shell could still hold it.
      sim.state = { ...sim.state, status: "ready" };
      return sim;
    }
    case "running":
      sim.send({ type: "start" });
      return sim;
    case "waiting":
    case "paused":
      sim.send({ type: "start" });
      sim.answer(ok, "fetch");
      sim.answer({ kind: "wait", wait: { reason: "approval" } }, "ask");
      sim.answer({ kind: "wait", wait: { reason: "child", child_run_id: "run_child" } }, "sub");
      if (status === "paused") sim.send({ type: "pause", by: "ana" });
      return sim;
    default:
      throw new Error(`not a resting non-terminal status: ${status}`);
  }
}

describe("cancel", () => {
  const states = ["queued", "waiting_concurrency", "needs_review", "ready", "running", "waiting", "paused"] as const;
  for (const status of states) {
    it(`cancels a ${status} run, its steps and timers`, () => {
      const sim = runIn(status);
      expect(sim.state.status).toBe(status === "waiting_concurrency" ? "waiting" : status);
      const effects = sim.send({ type: "cancel", by: "ana", reason: "wrong input" });
      expect(sim.state).toMatchObject({ status: "canceled", canceled: { by: "ana", reason: "wrong input" } });
      const expected = status === "waiting" || status === "paused" ? { fetch: "succeeded" } : {};
      expect(sim.statuses()).toEqual({
        fetch: "canceled",
        ask: "canceled",
        sub: "canceled",
        end: "canceled",
        ...expected,
      });
      expect(sim.timers.size).toBe(0);
      expect(effects).toContainEqual({ type: "run_finished", status: "canceled" });
      expect(sim.emitted("execution.canceled").at(-1)?.data).toMatchObject({ by: "ana", reason: "wrong input" });
      if (status === "waiting" || status === "paused") {
        expect(effects).toContainEqual({ type: "cancel_child", node_id: "sub", child_run_id: "run_child" });
      }
    });
  }

  it("ignores the late answer of a step canceled while running", () => {
    const sim = runIn("running");
    sim.send({ type: "cancel", by: "ana" });
    const before = sim.state;
    expect(sim.send({ type: "step_outcome", node_id: "fetch", attempt: 1, outcome: ok })).toEqual([]);
    expect(sim.state).toBe(before);
  });
});

describe("run timeout", () => {
  it("fails the run with run_timeout, canceling running and waiting steps", () => {
    const sim = runIn("waiting");
    sim.now += 600_000;
    sim.fire("run_timeout");
    expect(sim.state.status).toBe("failed");
    expect(sim.state.last_error).toMatchObject({
      code: "run_timeout",
      node_id: null,
      human: "The run did not finish within 10 minutes",
    });
    expect(sim.statuses()).toEqual({ fetch: "succeeded", ask: "canceled", sub: "canceled", end: "canceled" });
    expect(sim.emitted("execution.failed").at(-1)?.data).toMatchObject({ canceled_steps: ["ask", "sub"] });
    expect(sim.effects).toContainEqual({ type: "cancel_child", node_id: "sub", child_run_id: "run_child" });
  });

  it("keeps counting while paused", () => {
    const sim = runIn("paused");
    sim.fire("run_timeout");
    expect(sim.state.status).toBe("failed");
  });

  it("is armed once, from the first start", () => {
    const sim = runIn("running");
    expect(sim.timers.get("run_timeout")?.due_at).toBe(1_000_000 + 600_000);
  });
});

describe("pause and resume", () => {
  it("while running: in-flight results are recorded, nothing new starts until resume", () => {
    const sim = runIn("running");
    sim.send({ type: "pause", by: "ana" });
    expect(sim.state).toMatchObject({ status: "paused", paused: { by: "ana", from: "running" } });
    expect(sim.emitted("execution.paused")).toHaveLength(1);
    sim.answer(ok, "fetch");
    expect(sim.state.steps.fetch?.status).toBe("succeeded");
    expect(sim.calls).toHaveLength(0);
    expect(sim.state.ready).toEqual(["ask", "sub"]);
    sim.now += 5_000;
    sim.send({ type: "resume", by: "bob" });
    expect(sim.state.status).toBe("running");
    expect(sim.emitted("execution.resumed")[0]?.data).toEqual({ by: "bob", paused_ms: 5_000 });
    expect(sim.calls.map((c) => c.node_id)).toEqual(["ask", "sub"]);
  });

  it("while waiting: resume returns to waiting if the wait is still pending", () => {
    const sim = runIn("waiting");
    expect(sim.state.wait_reason).toBe("approval");
    sim.send({ type: "pause", by: "ana" });
    expect(sim.state).toMatchObject({ status: "paused", wait_reason: null, paused: { from: "waiting" } });
    sim.send({ type: "resume", by: "ana" });
    expect(sim.state).toMatchObject({ status: "waiting", wait_reason: "approval", paused: null });
  });

  it("while waiting: a wait resolved during the pause continues on resume", () => {
    const sim = runIn("paused");
    sim.send({ type: "approval_decided", node_id: "ask", decision: "approved", by: "ana" });
    sim.send({ type: "child_finished", node_id: "sub", child_run_id: "run_child", status: "completed" });
    expect(sim.state.status).toBe("paused");
    expect(sim.calls).toHaveLength(0);
    sim.send({ type: "resume", by: "ana" });
    expect(sim.calls.map((c) => c.node_id)).toEqual(["end"]);
    sim.answer(ok);
    expect(sim.state.status).toBe("completed");
  });

  it("holds completion until resume", () => {
    const sim = new RunSimulator({ nodes: [{ id: "a", type: "http" }], edges: [] });
    sim.send({ type: "start" });
    sim.send({ type: "pause", by: "ana" });
    sim.answer(ok);
    expect(sim.state.status).toBe("paused");
    sim.send({ type: "resume", by: "ana" });
    expect(sim.state.status).toBe("completed");
    expect(sim.emitted("execution.status_changed").map((e) => e.data.to)).toEqual([
      "running",
      "paused",
      "running",
      "completed",
    ]);
  });

  it("a step failing for good while paused fails the run", () => {
    const sim = runIn("running");
    sim.send({ type: "pause", by: "ana" });
    sim.answer({ kind: "failed", error: { code: "network_blocked", message_human: "Blocked", retryable: false } });
    expect(sim.state.status).toBe("failed");
  });

  it("a run queued for a concurrency slot can't be paused", () => {
    const sim = runIn("waiting_concurrency");
    const before = sim.state;
    expect(sim.send({ type: "pause", by: "ana" })).toEqual([]);
    expect(sim.state).toBe(before);
  });
});

describe("waiting", () => {
  it("the run waits on its earliest waiting step and says why", () => {
    const sim = runIn("waiting");
    expect(sim.emitted("execution.waiting").map((e) => e.data)).toEqual([{ reason: "approval", node_id: "ask" }]);
    sim.send({ type: "approval_decided", node_id: "ask", decision: "approved", by: "ana" });
    expect(sim.state).toMatchObject({ status: "waiting", wait_reason: "child" });
    expect(sim.emitted("execution.waiting").at(-1)?.data).toEqual({ reason: "child", node_id: "sub" });
    sim.send({ type: "child_finished", node_id: "sub", child_run_id: "run_child", status: "completed" });
    expect(sim.state.status).toBe("running");
  });
});

describe("preflight and concurrency", () => {
  it("parks a run with blocking preflight issues in needs_review, and continues once they are fixed", () => {
    const sim = runIn("needs_review");
    expect(sim.state.preflight).toEqual({ blocking_count: 1, warning_count: 0 });
    expect(sim.calls).toHaveLength(0);
    expect(sim.timers.size).toBe(0);
    // Still blocking after a fix attempt: stays in review with the new summary.
    sim.send({ type: "resume", by: "ana", preflight: { blocking_count: 2, warning_count: 1 } });
    expect(sim.state).toMatchObject({ status: "needs_review", preflight: { blocking_count: 2 } });
    sim.send({ type: "resume", by: "ana", preflight: { blocking_count: 0, warning_count: 1 } });
    expect(sim.state.status).toBe("running");
    expect(sim.emitted("execution.status_changed").map((e) => e.data.to)).toEqual([
      "running",
      "needs_review",
      "ready",
      "running",
    ]);
    expect(sim.calls.map((c) => c.node_id)).toEqual(["fetch"]);
  });

  it("starts a run from ready", () => {
    const sim = runIn("ready");
    sim.send({ type: "start" });
    expect(sim.state.status).toBe("running");
  });

  it("a queued run waits for a concurrency slot, then starts", () => {
    const sim = runIn("waiting_concurrency");
    expect(sim.state).toMatchObject({ status: "waiting", wait_reason: "concurrency", started_at: null });
    sim.now += 1_000;
    sim.send({ type: "start" });
    expect(sim.state).toMatchObject({ status: "running", started_at: 1_001_000 });
  });
});
