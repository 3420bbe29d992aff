import { describe, expect, it } from "vitest";
import type { OnApprove } from "./outcomes";
import { recoveryEffects } from "./recovery";
import { RunSimulator, type UnstampedEvent } from "./simulator";

function gatedRun(onApprove: OnApprove, options: { max_attempts?: number; timeout?: "approve" } = {}) {
  const sim = new RunSimulator({
    nodes: [
      {
        id: "tool",
        type: "mcp_tool",
        name: "Restart server",
        ...(options.max_attempts
          ? { retry: { max_attempts: options.max_attempts, backoff: "fixed", base_delay_ms: 1_000 } }
          : {}),
      },
      { id: "after", type: "noop" },
    ],
    edges: [{ from: "tool", to: "after" }],
  });
  sim.send({ type: "start" });
  sim.answer(
    {
      kind: "wait",
      wait: {
        reason: "approval",
        request: { message: "Call restart?" },
        on_approve: onApprove,
        ...(options.timeout ? { timeout_at: sim.now + 60_000, on_timeout: options.timeout } : {}),
      },
    },
    "tool",
  );
  return sim;
}

const approve = { type: "approval_decided", node_id: "tool", decision: "approved", by: "ana", comment: "ok" } as const;

function expectNoop(sim: RunSimulator, event: UnstampedEvent): void {
  const before = sim.state;
  expect(sim.send(event)).toEqual([]);
  expect(sim.state).toBe(before);
}

describe("an approval gate (on_approve: execute)", () => {
  it("runs the same attempt again, with the same idempotency key, recording who approved", () => {
    const sim = gatedRun({ kind: "execute" });
    expect(sim.state).toMatchObject({ status: "waiting", wait_reason: "approval" });
    const effects = sim.send(approve);
    expect(effects).toContainEqual(
      expect.objectContaining({ type: "execute_step", node_id: "tool", attempt: 1, idempotency_key: "run_1:tool:1" }),
    );
    expect(sim.state.steps.tool).toMatchObject({ status: "running", attempt: 1, approved_by: "ana" });
    expect(sim.state.steps.tool?.approval_comment).toBe("ok");
    expect(sim.state.steps.tool?.reuse_attempt).toBeUndefined();
    expect(sim.emitted("step.completed")).toEqual([]);
    expect(sim.emitted("step.started").at(-1)?.data).toMatchObject({ node_id: "tool", attempt: 1, approved_by: "ana" });
    expect(sim.state.status).toBe("running");
    // The approved call's result completes the step like any outcome.
    sim.answer({ kind: "succeeded", output: { restarted: true } }, "tool");
    expect(sim.state.steps.tool?.status).toBe("succeeded");
    expect(sim.emitted("step.completed")[0]?.data).toMatchObject({ output: { restarted: true }, attempt: 1 });
  });

  it("ignores a second decision once the gate is passed", () => {
    const sim = gatedRun({ kind: "execute" });
    sim.send(approve);
    expectNoop(sim, approve);
    expectNoop(sim, { ...approve, decision: "rejected" });
  });

  it("fails the step when rejected, as a plain approval does", () => {
    const sim = gatedRun({ kind: "execute" });
    sim.send({ type: "approval_decided", node_id: "tool", decision: "rejected", by: "bob", comment: "no" });
    expect(sim.state.status).toBe("failed");
    expect(sim.state.last_error?.code).toBe("approval_rejected");
    expect(sim.calls).toEqual([]);
  });

  it("keeps the approval on recovery: the re-executed attempt is the approved one", () => {
    const sim = gatedRun({ kind: "execute" });
    sim.send(approve);
    const effects = recoveryEffects(sim.compiled, sim.state);
    expect(effects).toContainEqual(
      expect.objectContaining({ type: "execute_step", node_id: "tool", attempt: 1, idempotency_key: "run_1:tool:1" }),
    );
    expect(sim.state.steps.tool?.approved_by).toBe("ana");
  });

  it("keeps the approval for a retry of the approved call (a new attempt)", () => {
    const sim = gatedRun({ kind: "execute" }, { max_attempts: 2 });
    sim.send(approve);
    sim.answer({ kind: "failed", error: { code: "tool_failed", message_human: "x", retryable: true } }, "tool");
    sim.fireNextTimer();
    expect(sim.calls).toEqual([{ node_id: "tool", attempt: 2, idempotency_key: "run_1:tool:2" }]);
    expect(sim.state.steps.tool?.approved_by).toBe("ana");
  });

  it("starts nothing while paused: the approved step runs on resume", () => {
    const sim = gatedRun({ kind: "execute" });
    sim.send({ type: "pause", by: "ops" });
    sim.send(approve);
    expect(sim.calls).toEqual([]);
    expect(sim.state.steps.tool).toMatchObject({ status: "pending", approved_by: "ana" });
    expect(sim.state.ready).toEqual(["tool"]);
    sim.send({ type: "resume", by: "ops" });
    expect(sim.calls).toEqual([{ node_id: "tool", attempt: 1, idempotency_key: "run_1:tool:1" }]);
    expect(sim.state.status).toBe("running");
  });

  it("an approval timeout with on_timeout approve passes the gate as the system", () => {
    const sim = gatedRun({ kind: "execute" }, { timeout: "approve" });
    sim.fireNextTimer();
    expect(sim.state.steps.tool).toMatchObject({ status: "running", approved_by: "system" });
    expect(sim.calls.map((c) => c.attempt)).toEqual([1]);
  });
});

describe("an output review (on_approve: succeed)", () => {
  it("succeeds with the reviewed output, not the decision, and runs nothing again", () => {
    const sim = gatedRun({ kind: "succeed", output: { text: "Draft reply" } });
    sim.send(approve);
    expect(sim.state.steps.tool?.status).toBe("succeeded");
    expect(sim.emitted("step.completed")[0]?.data).toMatchObject({ node_id: "tool", output: { text: "Draft reply" } });
    expect(sim.calls.map((c) => c.node_id)).toEqual(["after"]);
  });

  it("fails with approval_rejected when rejected", () => {
    const sim = gatedRun({ kind: "succeed", output: "x" });
    sim.send({ type: "approval_decided", node_id: "tool", decision: "rejected", by: "bob" });
    expect(sim.state.steps.tool?.error?.code).toBe("approval_rejected");
    expect(sim.state.status).toBe("failed");
  });
});
