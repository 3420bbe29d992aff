import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { fireEventTriggers } from "../triggers/events";
import { waitFor } from "./automations-helpers";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import { getRun, publishWorkflow, startRun, terminal, waitForRun } from "./run-helpers";
import { auditOf, createTrigger, hook, runsOf } from "./triggers-helpers";

let owner: Session;

const producer = {
  nodes: [{ id: "shape", type: "transform", config: { expression: '{ "order": input.order, "ok": true }' } }],
  edges: [],
};
const consumer = {
  nodes: [{ id: "echo", type: "transform", config: { expression: "input.output.shape.order" } }],
  edges: [],
};

beforeAll(async () => {
  owner = await registerOrg("events");
});

function addEventTrigger(targetId: string, body: Record<string, unknown>) {
  return call(`/api/v1/workflows/${targetId}/event-triggers`, { token: owner.token, body });
}

/** Runs `workflowId` to completion and reports it the way the run object does when a run finishes. */
async function finishedRun(workflowId: string, input: Record<string, unknown>, chainDepth = 0) {
  const runId = await startRun(owner, workflowId, { input });
  const run = await waitForRun(owner, runId, terminal);
  return {
    run,
    fire: () =>
      fireEventTriggers(env, {
        orgId: owner.orgId,
        workflowId,
        runId,
        status: run.status,
        output: run.output,
        chainDepth,
      }),
  };
}

describe("event triggers", () => {
  it("starts the target when the source run completes, with its outcome as input, once per source run", async () => {
    const source = await publishWorkflow(owner, producer, "Producer");
    const target = await publishWorkflow(owner, consumer, "Consumer");
    const created = await addEventTrigger(target, { source_workflow_id: source, on: "completed" });
    expect(created.status).toBe(201);
    const trigger = await jsonOf(created);
    expect(trigger).toMatchObject({ workflow_id: target, source_workflow_id: source, on: "completed", enabled: true });

    const { run, fire } = await finishedRun(source, { order: "o-9" });
    // The run object fires the trigger when the source run finishes.
    const [started] = await waitFor("the event-triggered run", async () => {
      const runs = await runsOf(owner, target);
      return runs.length > 0 ? runs : undefined;
    });
    const child = await waitForRun(owner, started.id, terminal);
    expect(child.status).toBe("completed");
    expect(child.input).toEqual({
      source_run_id: run.id,
      source_workflow_id: source,
      status: "completed",
      output: { shape: { order: "o-9", ok: true } },
    });
    expect(child.output).toEqual({ echo: "o-9" });
    expect(child.trigger).toMatchObject({ type: "event", data: { event_trigger_id: trigger.id, chain_depth: 1 } });

    // The run object notifies at least once: a repeated notification starts nothing new.
    expect(await fire()).toEqual([{ triggerId: trigger.id, outcome: "started", runId: started.id, created: false }]);
    expect(await runsOf(owner, target)).toHaveLength(1);
  });

  it("fires only on the chosen outcome", async () => {
    const source = await publishWorkflow(owner, producer, "Producer 2");
    const target = await publishWorkflow(owner, consumer, "On failure only");
    await addEventTrigger(target, { source_workflow_id: source, on: "failed" });
    const { fire } = await finishedRun(source, { order: "fine" });
    expect(await fire()).toEqual([]);
    expect(await runsOf(owner, target)).toEqual([]);
  });

  it("stops an A → B → A loop at chain depth 5 and audits it", async () => {
    const noop = { nodes: [{ id: "n", type: "noop", config: {} }], edges: [] };
    const loopA = await publishWorkflow(owner, noop, "Loop A");
    const loopB = await publishWorkflow(owner, noop, "Loop B");
    await addEventTrigger(loopB, { source_workflow_id: loopA, on: "any" });
    const back = await jsonOf(await addEventTrigger(loopA, { source_workflow_id: loopB, on: "any" }));
    await startRun(owner, loopA, {});

    // A(0) → B(1) → A(2) → B(3) → A(4) → B(5) → A(6) refused.
    const audit = await waitFor("the chain limit", async () =>
      (await auditOf(owner, "trigger.chain_limit")).find((e) => e.target_id === back.id),
    );
    expect(audit).toMatchObject({ actor_type: "system", metadata: { max_depth: 5 } });
    const depths = async (workflowId: string) => {
      const runs = await runsOf(owner, workflowId);
      const details = await Promise.all(runs.map((r) => getRun(owner, r.id)));
      return details.map((d) => d.trigger.data?.chain_depth ?? 0).sort();
    };
    expect(await depths(loopA)).toEqual([0, 2, 4]);
    expect(await depths(loopB)).toEqual([1, 3, 5]);
  });

  it("refuses directly past depth 5 (a run the run object reports at depth 5)", async () => {
    const source = await publishWorkflow(owner, producer, "Deep source");
    const target = await publishWorkflow(owner, consumer, "Too deep");
    const trigger = await jsonOf(await addEventTrigger(target, { source_workflow_id: source, on: "any" }));
    const firings = await fireEventTriggers(env, {
      orgId: owner.orgId,
      workflowId: source,
      runId: "run_reported_at_depth_5",
      status: "completed",
      output: null,
      chainDepth: 5,
    });
    expect(firings).toEqual([{ triggerId: trigger.id, outcome: "chain_limit" }]);
    expect(await runsOf(owner, target)).toEqual([]);
  });

  it("validates the source, refuses duplicates, lists and deletes", async () => {
    const source = await publishWorkflow(owner, producer, "Producer 3");
    const target = await publishWorkflow(owner, consumer, "Managed");
    const unknown = await addEventTrigger(target, { source_workflow_id: "wf_nope", on: "completed" });
    expect(unknown.status).toBe(400);
    expect((await jsonOf(unknown)).error.details.issues[0].path).toBe("source_workflow_id");

    const first = await jsonOf(await addEventTrigger(target, { source_workflow_id: source }));
    expect(first.on).toBe("completed");
    expect((await addEventTrigger(target, { source_workflow_id: source, on: "failed" })).status).toBe(409);

    const list = await jsonOf(await call(`/api/v1/workflows/${target}/event-triggers`, { token: owner.token }));
    expect(list.items.map((t: any) => t.id)).toEqual([first.id]);
    const removed = await call(`/api/v1/workflows/${target}/event-triggers/${first.id}`, {
      method: "DELETE",
      token: owner.token,
    });
    expect(removed.status).toBe(204);
    const { fire } = await finishedRun(source, { order: "after delete" });
    expect(await fire()).toEqual([]);
  });
});

describe("concurrency key", () => {
  it("with limit 1, five webhook calls for the same key run one at a time, in order, and all complete", async () => {
    const flow = await publishWorkflow(owner, {
      nodes: [{ id: "work", type: "delay", config: { duration_ms: 300 } }],
      edges: [],
      settings: { concurrency: { key: "{{ input.customer }}", limit: 1 } },
    });
    const trigger = await createTrigger(owner, flow, { rate_limit_per_minute: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await jsonOf(await hook(trigger.id, { customer: "c1", n: i }, { secret: trigger.secret }))).run_id);
    }
    const runs = await Promise.all(ids.map((id) => waitForRun(owner, id, terminal, 30_000)));
    expect(runs.every((r) => r.status === "completed")).toBe(true);
    for (let i = 1; i < runs.length; i++) {
      const previous = runs[i - 1];
      const current = runs[i];
      // Each run starts only after the one before it (in call order) finished.
      expect(Date.parse(current.started_at)).toBeGreaterThanOrEqual(Date.parse(previous.completed_at));
    }
    expect((await getRun(owner, ids[0] ?? "")).status).toBe("completed");
  });
});
