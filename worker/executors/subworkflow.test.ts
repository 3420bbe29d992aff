import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";

describe("subworkflow executor", () => {
  it("starts the child with the rendered input and waits for it", async () => {
    const { services, calls } = fakeServices();
    const node = testNode(
      "subworkflow",
      { workflow_id: "wf_child", version: 2, input: { user: "{{ input.user_id }}" } },
      { id: "child" },
    );
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toEqual({ kind: "wait", wait: { reason: "child", child_run_id: "run_child_1" } });
    expect(calls.childRuns).toEqual([
      {
        workflow_id: "wf_child",
        version: 2,
        input: { user: 42 },
        idempotency_key: "run_1:child",
        parent: { run_id: "run_1", node_id: "child", attempt: 1, org_id: "org_1", correlation_id: "corr_1" },
      },
    ]);
  });

  it("uses the same key on every attempt, so a retry or a crash never starts a second child", async () => {
    const { services, calls } = fakeServices();
    const node = testNode("subworkflow", { workflow_id: "wf_child" }, { id: "child" });
    const first = await executeStep(testInput(node), services);
    const again = await executeStep(testInput(node, { attempt: 2, idempotencyKey: "run_1:child:2" }), services);
    expect(again.outcome).toEqual(first.outcome);
    expect(new Set(calls.childRuns.map((call) => call.idempotency_key))).toEqual(new Set(["run_1:child"]));
  });

  it("succeeds with the child id when it does not wait", async () => {
    const { services } = fakeServices();
    const node = testNode("subworkflow", { workflow_id: "wf_child", wait: false });
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toEqual({ kind: "succeeded", output: { child_run_id: "run_child_1" } });
  });

  it("starts nothing in a dry run", async () => {
    const { services, calls } = fakeServices();
    const input = testInput(testNode("subworkflow", { workflow_id: "wf_child", input: { n: "{{ input.user_id }}" } }));
    input.run.dry_run = true;
    const { outcome } = await executeStep(input, services);
    expect(calls.childRuns).toHaveLength(0);
    expect(outcome).toEqual({
      kind: "succeeded",
      output: { dry_run: true, preview: { workflow_id: "wf_child", input: { n: 42 }, wait: true } },
    });
  });
});
