import { describe, expect, it } from "vitest";
import type { StepError } from "./errors";
import type { EngineGraph, EngineRetryPolicy } from "./graph-view";
import { RunSimulator } from "./simulator";

const ok = { kind: "succeeded", output: { ok: true } } as const;
const down: StepError = { code: "http_status_5xx", message_human: "The API is down", retryable: true };
const failed = (error: StepError = down) => ({ kind: "failed", error }) as const;

function single(
  type: string,
  extra: { retry?: EngineRetryPolicy; timeout_ms?: number; name?: string } = {},
): EngineGraph {
  return { nodes: [{ id: "a", type, ...extra }], edges: [] };
}
const retry3: EngineRetryPolicy = { max_attempts: 4, backoff: "exponential", base_delay_ms: 1_000 };

describe("retries", () => {
  it("retries on durable timers with growing delays, then gives up and fails the run", () => {
    const sim = new RunSimulator(single("http", { retry: retry3 }), { random: () => 0.5 });
    sim.send({ type: "start" });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      sim.answer(failed());
      const retrying = sim.emitted("step.retrying").at(-1)?.data;
      expect(retrying).toMatchObject({ node_id: "a", attempt, next_attempt: attempt + 1 });
      expect(sim.state.steps.a?.status).toBe("pending");
      expect(sim.state.status).toBe("running");
      expect(sim.timers.get(`retry:a:${attempt + 1}`)).toMatchObject({ kind: "retry", attempt: attempt + 1 });
      delays.push(retrying?.delay_ms as number);
      expect(sim.calls).toHaveLength(0);
      sim.fireNextTimer();
      expect(sim.calls).toEqual([{ node_id: "a", attempt: attempt + 1, idempotency_key: `run_1:a:${attempt + 1}` }]);
    }
    expect(delays).toEqual([500, 1_000, 2_000]);
    sim.answer(failed());
    expect(sim.state.status).toBe("failed");
    expect(sim.state.steps.a).toMatchObject({ status: "failed", attempt: 4 });
    expect(sim.state.last_error).toEqual({
      code: "http_status_5xx",
      node_id: "a",
      human: "The API is down",
      tech: null,
    });
    expect(sim.emitted("step.failed")).toHaveLength(1);
    expect(sim.timers.size).toBe(0);
  });

  it("recovers when a retry succeeds", () => {
    const sim = new RunSimulator(single("http", { retry: retry3 }));
    sim.send({ type: "start" });
    sim.answer(failed());
    sim.fireNextTimer();
    sim.answer(ok);
    expect(sim.state.status).toBe("completed");
    expect(sim.state.steps.a).toMatchObject({ status: "succeeded", attempt: 2 });
  });

  it("fails at once on a non-retryable error or a code the policy refuses to retry", () => {
    const sim = new RunSimulator(single("http", { retry: retry3 }));
    sim.send({ type: "start" });
    sim.answer(failed({ code: "http_status_4xx", message_human: "Bad request", retryable: false }));
    expect(sim.state.status).toBe("failed");
    expect(sim.emitted("step.retrying")).toHaveLength(0);

    const byCode = new RunSimulator(single("http", { retry: { ...retry3, non_retryable_codes: ["http_status_5xx"] } }));
    byCode.send({ type: "start" });
    byCode.answer(failed());
    expect(byCode.state.status).toBe("failed");
  });

  it("does not retry without a policy", () => {
    const sim = new RunSimulator(single("http"));
    sim.send({ type: "start" });
    sim.answer(failed());
    expect(sim.state.status).toBe("failed");
  });

  it("honours retry_after_ms as the minimum delay", () => {
    const sim = new RunSimulator(single("http", { retry: retry3 }), { random: () => 0.1 });
    sim.send({ type: "start" });
    const failedAt = sim.now;
    sim.answer(failed({ ...down, code: "http_status_429", retry_after_ms: 45_000 }));
    expect(sim.timers.get("retry:a:2")?.due_at).toBe(failedAt + 45_000);
  });

  it("holds a due retry while paused and starts it on resume", () => {
    const sim = new RunSimulator(single("http", { retry: retry3 }));
    sim.send({ type: "start" });
    sim.answer(failed());
    sim.send({ type: "pause", by: "ana" });
    sim.fireNextTimer();
    expect(sim.calls).toHaveLength(0);
    expect(sim.state.ready).toEqual(["a"]);
    sim.send({ type: "resume", by: "ana" });
    expect(sim.calls.map((c) => c.attempt)).toEqual([2]);
  });
});

describe("step deadlines", () => {
  it("fails a hung attempt at its timeout, retries it, and ignores the late answer", () => {
    const sim = new RunSimulator(single("http", { retry: retry3, timeout_ms: 120_000, name: "Fetch user" }));
    sim.send({ type: "start" });
    const startedAt = sim.now;
    expect(sim.timers.get("step_timeout:a:1")).toEqual({
      kind: "step_timeout",
      due_at: startedAt + 120_000,
      node_id: "a",
      attempt: 1,
    });
    const hung = sim.calls.shift();
    sim.fireNextTimer();
    expect(sim.state.steps.a?.error).toMatchObject({
      code: "step_timeout",
      message_human: "Step “Fetch user” did not finish within 2 minutes",
    });
    expect(sim.state.steps.a?.status).toBe("pending");
    // The first attempt's result arrives late: stale, ignored.
    const before = sim.state;
    expect(sim.send({ type: "step_outcome", node_id: "a", attempt: hung?.attempt ?? 1, outcome: ok })).toEqual([]);
    expect(sim.state).toBe(before);
    sim.fireNextTimer();
    sim.answer(ok);
    expect(sim.state.status).toBe("completed");
  });

  it("fails the run when the timeout leaves no attempts", () => {
    const sim = new RunSimulator(single("http", { timeout_ms: 5_000 }));
    sim.send({ type: "start" });
    sim.calls.length = 0;
    sim.fireNextTimer();
    expect(sim.state.status).toBe("failed");
    expect(sim.state.last_error?.human).toBe("Step “a” did not finish within 5 seconds");
  });
});

describe("delay", () => {
  it("waits on a durable timer and succeeds when it fires", () => {
    const sim = new RunSimulator({
      nodes: [
        { id: "d", type: "delay" },
        { id: "next", type: "http" },
      ],
      edges: [{ from: "d", to: "next" }],
    });
    sim.send({ type: "start" });
    const resumeAt = sim.now + 600_000;
    sim.answer({ kind: "wait", wait: { reason: "timer", resume_at: resumeAt } });
    expect(sim.state).toMatchObject({ status: "waiting", wait_reason: "timer" });
    expect(sim.timers.has("step_timeout:d:1")).toBe(false);
    expect(sim.emitted("execution.waiting").at(-1)?.data).toEqual({
      reason: "timer",
      node_id: "d",
      resume_at: resumeAt,
    });
    sim.fireNextTimer();
    expect(sim.state.steps.d).toMatchObject({ status: "succeeded" });
    expect(sim.state.status).toBe("running");
    expect(sim.calls.map((c) => c.node_id)).toEqual(["next"]);
  });
});

describe("approval", () => {
  function waitingApproval(onTimeout?: "reject" | "approve" | "fail") {
    const sim = new RunSimulator({
      nodes: [
        { id: "ask", type: "approval", name: "Deploy to prod" },
        { id: "deploy", type: "http" },
      ],
      edges: [{ from: "ask", to: "deploy" }],
      settings: { run_timeout_ms: 86_400_000 },
    });
    sim.send({ type: "start" });
    sim.answer({
      kind: "wait",
      wait: {
        reason: "approval",
        timeout_at: sim.now + 3_600_000,
        ...(onTimeout ? { on_timeout: onTimeout } : {}),
        request: { message: "Ship it?" },
      },
    });
    return sim;
  }

  it("asks for approval and continues when approved", () => {
    const sim = waitingApproval();
    expect(sim.state).toMatchObject({ status: "waiting", wait_reason: "approval" });
    expect(sim.emitted("approval.requested")[0]?.data).toMatchObject({
      node_id: "ask",
      request: { message: "Ship it?" },
    });
    sim.send({
      type: "approval_decided",
      node_id: "ask",
      decision: "approved",
      by: "ana",
      comment: "go",
      form: { ticket: "T-1" },
    });
    expect(sim.emitted("approval.decided")[0]?.data).toMatchObject({ decision: "approved", by: "ana" });
    expect(sim.emitted("step.completed")[0]?.data.output).toEqual({
      decision: "approved",
      by: "ana",
      comment: "go",
      form: { ticket: "T-1" },
    });
    expect(sim.timers.has("wait_timeout:ask:1")).toBe(false);
    expect(sim.state.status).toBe("running");
    expect(sim.calls.map((c) => c.node_id)).toEqual(["deploy"]);
  });

  it("fails the run when rejected, naming who and why", () => {
    const sim = waitingApproval();
    sim.send({ type: "approval_decided", node_id: "ask", decision: "rejected", by: "bob", comment: "freeze week" });
    expect(sim.state.status).toBe("failed");
    expect(sim.state.steps.ask?.error).toMatchObject({ code: "approval_rejected", retryable: false });
    expect(sim.state.last_error?.human).toBe("Approval “Deploy to prod” was rejected by bob: freeze week");
    expect(sim.state.steps.deploy?.status).toBe("canceled");
  });

  it("applies the timeout action: fail (default), reject, approve", () => {
    const failing = waitingApproval();
    failing.fireNextTimer();
    expect(failing.state.status).toBe("failed");
    expect(failing.state.last_error?.code).toBe("approval_timeout");
    expect(failing.state.last_error?.human).toBe(
      "No approval decision for step “Deploy to prod” arrived within 1 hour",
    );

    const rejecting = waitingApproval("reject");
    rejecting.fireNextTimer();
    expect(rejecting.state.last_error?.code).toBe("approval_rejected");
    expect(rejecting.emitted("approval.decided")[0]?.data).toMatchObject({
      decision: "rejected",
      by: "system",
      timed_out: true,
    });

    const approving = waitingApproval("approve");
    approving.fireNextTimer();
    expect(approving.state.steps.ask?.status).toBe("succeeded");
    expect(approving.calls.map((c) => c.node_id)).toEqual(["deploy"]);
  });
});

describe("wait_event", () => {
  function waitingEvent(onTimeout?: "fail" | "continue") {
    const sim = new RunSimulator({
      nodes: [
        { id: "w", type: "wait_event", name: "Wait for payment" },
        { id: "next", type: "noop" },
      ],
      edges: [{ from: "w", to: "next" }],
    });
    sim.send({ type: "start" });
    sim.answer({
      kind: "wait",
      wait: {
        reason: "event",
        event_name: "payment.settled",
        correlation_key: "order-9",
        timeout_at: sim.now + 60_000,
        ...(onTimeout ? { on_timeout: onTimeout } : {}),
      },
    });
    return sim;
  }

  it("resumes on the matching signal with its payload", () => {
    const sim = waitingEvent();
    expect(sim.state.wait_reason).toBe("event");
    sim.send({
      type: "signal_received",
      event_name: "payment.settled",
      correlation_key: "order-9",
      payload: { amount: 10 },
    });
    expect(sim.emitted("step.completed")[0]?.data.output).toEqual({
      event_name: "payment.settled",
      correlation_key: "order-9",
      payload: { amount: 10 },
      timed_out: false,
    });
    expect(sim.calls.map((c) => c.node_id)).toEqual(["next"]);
  });

  it("continues on timeout with `timed_out: true` when asked to", () => {
    const sim = waitingEvent("continue");
    sim.fireNextTimer();
    expect(sim.state.steps.w?.status).toBe("succeeded");
    expect(sim.emitted("step.completed")[0]?.data.output).toEqual({
      event_name: "payment.settled",
      payload: null,
      timed_out: true,
    });
    expect(sim.calls.map((c) => c.node_id)).toEqual(["next"]);
  });

  it("fails on timeout by default", () => {
    const sim = waitingEvent();
    sim.fireNextTimer();
    expect(sim.state.status).toBe("failed");
    expect(sim.state.last_error?.human).toBe("No event for step “Wait for payment” arrived within 1 minute");
  });
});

describe("subworkflow", () => {
  function waitingChild(timeoutAt?: number) {
    const sim = new RunSimulator(single("subworkflow", { name: "Provision" }));
    sim.send({ type: "start" });
    sim.answer({
      kind: "wait",
      wait: { reason: "child", child_run_id: "run_c", ...(timeoutAt ? { timeout_at: timeoutAt } : {}) },
    });
    return sim;
  }

  it("succeeds with the child's output", () => {
    const sim = waitingChild();
    expect(sim.state.wait_reason).toBe("child");
    sim.send({
      type: "child_finished",
      node_id: "a",
      child_run_id: "run_c",
      status: "completed",
      output: { vm: "10.0.0.1" },
    });
    expect(sim.state.status).toBe("completed");
    expect(sim.emitted("step.completed")[0]?.data.output).toEqual({ vm: "10.0.0.1" });
  });

  it("fails when the child failed or was canceled", () => {
    const sim = waitingChild();
    sim.send({
      type: "child_finished",
      node_id: "a",
      child_run_id: "run_c",
      status: "failed",
      error: { code: "http_status_5xx", message_human: "Provider down", retryable: true },
    });
    expect(sim.state.last_error).toMatchObject({
      code: "child_failed",
      human: "The child run of step “Provision” failed: Provider down",
    });

    const canceled = waitingChild();
    canceled.send({ type: "child_finished", node_id: "a", child_run_id: "run_c", status: "canceled" });
    expect(canceled.state.last_error?.code).toBe("child_canceled");
  });

  it("cancels the child run when its wait times out", () => {
    const sim = waitingChild(1_000_000 + 10_000);
    sim.fireNextTimer();
    expect(sim.state.last_error?.code).toBe("child_timeout");
    expect(sim.effects).toContainEqual({ type: "cancel_child", node_id: "a", child_run_id: "run_c" });
  });
});
