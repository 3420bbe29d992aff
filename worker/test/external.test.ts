/**
 * External waits through the real run object: a `runner` step waits for its task, and the RunObject RPC
 * `externalResult` resolves it. Stale reports (another task, another attempt) change nothing; a retryable
 * failure runs a new attempt with a new task; a cancel ends the wait.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, registerOrg, type Session } from "./helpers";
import { getRun, getSteps, publishWorkflow, startRun, terminal, waitForRun } from "./run-helpers";

let owner: Session;

beforeAll(async () => {
  owner = await registerOrg("external");
});

const runObject = (runId: string) => env.RUNS.get(env.RUNS.idFromName(runId));

/** A runner step no runner will ever claim (its label is unique), then a transform of its output. */
function runnerGraph(retry?: { max_attempts: number }) {
  return {
    nodes: [
      {
        id: "job",
        type: "runner",
        config: { command: "echo hi", labels: [`nobody${Date.now().toString(36)}`] },
        ...(retry ? { retry: { ...retry, backoff: "fixed", base_delay_ms: 1_000 } } : {}),
      },
      { id: "after", type: "transform", config: { expression: "steps.job.output.stdout" } },
    ],
    edges: [{ from: "job", to: "after" }],
  };
}

/** Waits until the step waits for a task, and returns its attempt and task id. */
async function waitingTask(runId: string, attempt = 1): Promise<{ attempt: number; task_id: string }> {
  await waitForRun(owner, runId, (r) => r.status === "waiting" || terminal(r));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const job = (await getSteps(owner, runId)).find((s) => s.node_id === "job");
    if (job?.status === "waiting" && job.attempts === attempt && job.wait?.reason === "external") {
      return { attempt: job.attempts, task_id: job.wait.external.task_id };
    }
    if (Date.now() > deadline) throw new Error(`step never waited on attempt ${attempt}: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ok = (stdout: string) => JSON.stringify({ kind: "succeeded", output: { exit_code: 0, stdout } });

describe("external waits (runner steps)", () => {
  it("waits for its task and completes with the reported output; stale reports change nothing", async () => {
    const wf = await publishWorkflow(owner, runnerGraph());
    const runId = await startRun(owner, wf);
    const task = await waitingTask(runId);
    expect(await getRun(owner, runId)).toMatchObject({ status: "waiting", wait_reason: "external" });

    const stub = runObject(runId);
    expect(await stub.externalResult("job", task.attempt, "rtk_other", ok("wrong task"))).toEqual({ changed: false });
    expect(await stub.externalResult("job", task.attempt + 1, task.task_id, ok("wrong attempt"))).toEqual({
      changed: false,
    });
    expect(await stub.externalResult("job", task.attempt, task.task_id, ok("hello"))).toEqual({ changed: true });
    expect(await stub.externalResult("job", task.attempt, task.task_id, ok("again"))).toEqual({ changed: false });

    const done = await waitForRun(owner, runId, terminal);
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ after: "hello" });
  });

  it("retries a retryable failure with a new attempt and a new task", async () => {
    const wf = await publishWorkflow(owner, runnerGraph({ max_attempts: 2 }));
    const runId = await startRun(owner, wf);
    const first = await waitingTask(runId);
    const lost = { code: "runner_lost", message_human: "The runner stopped answering", retryable: true };
    await runObject(runId).externalResult("job", 1, first.task_id, JSON.stringify({ kind: "failed", error: lost }));
    const second = await waitingTask(runId, 2);
    expect(second.task_id).not.toBe(first.task_id);
    await runObject(runId).externalResult("job", 2, second.task_id, ok("second time"));
    const done = await waitForRun(owner, runId, terminal);
    expect(done.status).toBe("completed");
    const job = (await getSteps(owner, runId)).find((s) => s.node_id === "job");
    expect(job.attempt_history.map((a: { outcome: string }) => a.outcome)).toEqual(["failed", "succeeded"]);
  });

  it("fails the run on a final failure, with the task's error", async () => {
    const wf = await publishWorkflow(owner, runnerGraph());
    const runId = await startRun(owner, wf);
    const task = await waitingTask(runId);
    const error = { code: "exit_code_2", message_human: "The command exited with status 2", retryable: false };
    await runObject(runId).externalResult("job", 1, task.task_id, JSON.stringify({ kind: "failed", error }));
    const done = await waitForRun(owner, runId, terminal);
    expect(done.status).toBe("failed");
    expect(done.last_error_human).toBe("The command exited with status 2");
  });

  it("a canceled run ignores its task's late result", async () => {
    const wf = await publishWorkflow(owner, runnerGraph());
    const runId = await startRun(owner, wf);
    const task = await waitingTask(runId);
    const canceled = await call(`/api/v1/runs/${runId}/cancel`, { token: owner.token, body: {} });
    expect(canceled.status).toBe(200);
    expect((await waitForRun(owner, runId, terminal)).status).toBe("canceled");
    expect(await runObject(runId).externalResult("job", 1, task.task_id, ok("late"))).toEqual({ changed: false });
    const job = (await getSteps(owner, runId)).find((s) => s.node_id === "job");
    expect(job.status).toBe("canceled");
  });
});
