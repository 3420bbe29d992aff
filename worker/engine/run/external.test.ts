import { describe, expect, it } from "vitest";
import type { StepError } from "./errors";
import type { EngineEffect } from "./protocol";
import { recoveryEffects } from "./recovery";
import { RunSimulator, type UnstampedEvent } from "./simulator";

const retryable: StepError = { code: "runner_lost", message_human: "The runner went away", retryable: true };
const final: StepError = { code: "exit_code_1", message_human: "The command exited with 1", retryable: false };

function runnerRun(options: { max_attempts?: number; timeout_ms?: number } = {}) {
  const sim = new RunSimulator({
    nodes: [
      {
        id: "job",
        type: "http",
        name: "Run playbook",
        ...(options.timeout_ms ? { timeout_ms: options.timeout_ms } : {}),
        ...(options.max_attempts
          ? { retry: { max_attempts: options.max_attempts, backoff: "fixed", base_delay_ms: 1_000 } }
          : {}),
      },
      { id: "after", type: "noop" },
    ],
    edges: [{ from: "job", to: "after" }],
  });
  sim.send({ type: "start" });
  return sim;
}

/** Answers the pending `job` call with an external wait for `taskId`. */
function waitFor(sim: RunSimulator, taskId: string, timeoutAt?: number) {
  return sim.answer(
    {
      kind: "wait",
      wait: {
        reason: "external",
        external: { kind: "runner", task_id: taskId },
        ...(timeoutAt ? { timeout_at: timeoutAt } : {}),
      },
    },
    "job",
  );
}

function result(
  attempt: number,
  taskId: string,
  outcome: Extract<UnstampedEvent, { type: "external_result" }>["outcome"],
) {
  return { type: "external_result", node_id: "job", attempt, task_id: taskId, outcome } as const;
}

function expectNoop(sim: RunSimulator, event: UnstampedEvent): void {
  const before = sim.state;
  expect(sim.send(event)).toEqual([]);
  expect(sim.state).toBe(before);
}

const cancels = (effects: EngineEffect[]) => effects.filter((e) => e.type === "cancel_external");

describe("external waits", () => {
  it("waits for the task and succeeds with its output", () => {
    const sim = runnerRun();
    waitFor(sim, "task_1");
    expect(sim.state).toMatchObject({ status: "waiting", wait_reason: "external" });
    expect(sim.state.steps.job?.wait).toMatchObject({ reason: "external", external: { task_id: "task_1" } });
    // No timeout_at: the node deadline keeps bounding the remote work.
    expect(sim.timers.has("step_timeout:job:1")).toBe(true);
    expect(sim.emitted("execution.waiting").at(-1)?.data).toMatchObject({ reason: "external", node_id: "job" });

    sim.send(result(1, "task_1", { kind: "succeeded", output: { exit_code: 0 } }));
    expect(sim.state.steps.job?.status).toBe("succeeded");
    expect(sim.emitted("step.completed")[0]?.data).toMatchObject({ node_id: "job", output: { exit_code: 0 } });
    expect(sim.timers.has("step_timeout:job:1")).toBe(false);
    expect(sim.state.status).toBe("running");
    expect(sim.calls.map((c) => c.node_id)).toEqual(["after"]);
  });

  it("retries a retryable failure as a new attempt, which makes a new task", () => {
    const sim = runnerRun({ max_attempts: 2 });
    waitFor(sim, "task_1");
    sim.send(result(1, "task_1", { kind: "failed", error: retryable }));
    expect(sim.state.steps.job).toMatchObject({ status: "pending", error: { code: "runner_lost" } });
    expect(sim.state.steps.job?.wait).toBeUndefined();
    expect(sim.emitted("step.retrying")[0]?.data).toMatchObject({ attempt: 1, next_attempt: 2 });
    expect(sim.state.status).toBe("running");

    sim.fireNextTimer();
    expect(sim.calls).toEqual([{ node_id: "job", attempt: 2, idempotency_key: "run_1:job:2" }]);
    waitFor(sim, "task_2");
    sim.send(result(2, "task_2", { kind: "succeeded", output: "done" }));
    expect(sim.state.steps.job).toMatchObject({ status: "succeeded", attempt: 2 });
  });

  it("fails the run on a final failure (not retryable, or out of attempts)", () => {
    const sim = runnerRun({ max_attempts: 3 });
    waitFor(sim, "task_1");
    sim.send(result(1, "task_1", { kind: "failed", error: final }));
    expect(sim.state.status).toBe("failed");
    expect(sim.state.last_error).toMatchObject({ code: "exit_code_1", node_id: "job" });
    expect(sim.state.steps.after?.status).toBe("canceled");

    const once = runnerRun();
    waitFor(once, "task_1");
    once.send(result(1, "task_1", { kind: "failed", error: retryable }));
    expect(once.state.status).toBe("failed");
    expect(once.state.last_error?.code).toBe("runner_lost");
  });

  it("ignores stale and duplicate results: wrong attempt, wrong task, not waiting", () => {
    const sim = runnerRun({ max_attempts: 2 });
    expectNoop(sim, result(1, "task_1", { kind: "succeeded", output: 1 })); // still running, not waiting
    waitFor(sim, "task_1");
    expectNoop(sim, result(1, "task_other", { kind: "succeeded", output: 1 }));
    expectNoop(sim, result(2, "task_1", { kind: "succeeded", output: 1 }));
    sim.send(result(1, "task_1", { kind: "failed", error: retryable }));
    expectNoop(sim, result(1, "task_1", { kind: "failed", error: retryable })); // the same report again
    sim.fireNextTimer();
    waitFor(sim, "task_2");
    expectNoop(sim, result(1, "task_1", { kind: "succeeded", output: "late" })); // the old attempt's task
    sim.send(result(2, "task_2", { kind: "succeeded", output: "ok" }));
    expectNoop(sim, result(2, "task_2", { kind: "succeeded", output: "ok" }));
    expect(sim.emitted("step.completed").filter((e) => e.data.node_id === "job")).toHaveLength(1);
  });

  it("cancels the task when the run is canceled", () => {
    const sim = runnerRun();
    waitFor(sim, "task_1");
    const effects = sim.send({ type: "cancel", by: "ana" });
    expect(cancels(effects)).toEqual([
      { type: "cancel_external", node_id: "job", external: { kind: "runner", task_id: "task_1" } },
    ]);
    expect(sim.state.steps.job?.status).toBe("canceled");
    expectNoop(sim, result(1, "task_1", { kind: "succeeded", output: 1 }));
  });

  it("cancels the task and retries when the node deadline passes", () => {
    const sim = runnerRun({ max_attempts: 2, timeout_ms: 60_000 });
    waitFor(sim, "task_1");
    sim.now += 60_000;
    const effects = sim.fire("step_timeout:job:1");
    expect(cancels(effects)).toEqual([
      { type: "cancel_external", node_id: "job", external: { kind: "runner", task_id: "task_1" } },
    ]);
    expect(sim.state.steps.job).toMatchObject({ status: "pending", error: { code: "step_timeout" } });
    expect(sim.state.steps.job?.error?.message_human).toBe("Step “Run playbook” did not finish within 1 minute");
    expectNoop(sim, result(1, "task_1", { kind: "succeeded", output: "too late" }));
  });

  it("uses the wait's own timeout instead of the node deadline when it has one", () => {
    const sim = runnerRun({ timeout_ms: 60_000 });
    waitFor(sim, "task_1", sim.now + 3_600_000);
    expect(sim.timers.has("step_timeout:job:1")).toBe(false);
    expect(sim.timers.get("wait_timeout:job:1")?.due_at).toBe(sim.now + 3_600_000);
    const effects = sim.fire("wait_timeout:job:1");
    expect(cancels(effects)).toHaveLength(1);
    expect(sim.state.status).toBe("failed");
    expect(sim.state.last_error).toMatchObject({ code: "step_timeout", node_id: "job" });
    expect(sim.state.last_error?.human).toBe("Step “Run playbook” did not finish within 1 hour");
  });

  it("records a result that arrives while paused and starts nothing new until resumed", () => {
    const sim = runnerRun();
    waitFor(sim, "task_1");
    sim.send({ type: "pause", by: "ana" });
    sim.send(result(1, "task_1", { kind: "succeeded", output: 1 }));
    expect(sim.state.steps.job?.status).toBe("succeeded");
    expect(sim.calls).toEqual([]);
    sim.send({ type: "resume", by: "ana" });
    expect(sim.calls.map((c) => c.node_id)).toEqual(["after"]);
  });

  it("on recovery re-executes running attempts but leaves a waiting external step waiting", () => {
    const sim = new RunSimulator({
      nodes: [
        { id: "job", type: "http" },
        { id: "fetch", type: "http" },
      ],
      edges: [],
    });
    sim.send({ type: "start" });
    waitFor(sim, "task_1");
    const effects = recoveryEffects(sim.compiled, sim.state);
    expect(effects.filter((e) => e.type === "execute_step").map((e) => e.type === "execute_step" && e.node_id)).toEqual(
      ["fetch"],
    );
    expect(effects.filter((e) => e.type === "set_timer").map((e) => e.type === "set_timer" && e.timer_id)).toContain(
      "step_timeout:job:1",
    );
    expect(sim.state.steps.job?.status).toBe("waiting");
    // The task still reports to the recovered run.
    sim.send(result(1, "task_1", { kind: "succeeded", output: "ok" }));
    expect(sim.state.steps.job?.status).toBe("succeeded");
  });
});
