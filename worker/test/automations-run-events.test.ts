/** Run outcomes, approval requests and emit_event steps reach the org's subscribed destinations. */
import { describe, expect, it } from "vitest";
import { createDestination, freshKey, received, receiver, testSecret, waitFor } from "./automations-helpers";
import { call, registerOrg } from "./helpers";
import { publishWorkflow, startRun, terminal, waitForRun } from "./run-helpers";

describe("events from runs", () => {
  it("delivers run.completed, approval.requested and an emit_event step's event, each once", async () => {
    const owner = await registerOrg("run-events");
    const key = freshKey("runs");
    await createDestination(owner, {
      url: `${receiver()}/ok/${key}`,
      secret: testSecret(),
      event_types: ["run.*", "approval.requested", "order.shipped"],
    });
    const wf = await publishWorkflow(owner, {
      nodes: [
        { id: "gate", type: "approval", config: {} },
        {
          id: "announce",
          type: "emit_event",
          config: { event_type: "order.shipped", payload: { order: "{{ input.order }}" } },
        },
      ],
      edges: [{ from: "gate", to: "announce" }],
    });
    const runId = await startRun(owner, wf, { input: { order: "o-1" } });
    await waitForRun(owner, runId, (r) => r.status === "waiting");
    await call(`/api/v1/runs/${runId}/steps/gate/approve`, { token: owner.token, body: {} });
    expect((await waitForRun(owner, runId, terminal)).status).toBe("completed");

    const types = await waitFor("three deliveries", async () => {
      const got = (await received(key)).map((r) => JSON.parse(r.body).type as string);
      return got.length >= 3 ? got : undefined;
    });
    expect(types.sort()).toEqual(["approval.requested", "order.shipped", "run.completed"]);
    const bodies = (await received(key)).map((r) => JSON.parse(r.body));
    expect(bodies.find((b) => b.type === "order.shipped").payload).toEqual({ order: "o-1" });
    expect(bodies.find((b) => b.type === "run.completed").payload).toMatchObject({ run_id: runId, workflow_id: wf });
  });
});
