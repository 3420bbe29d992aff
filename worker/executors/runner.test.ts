import { describe, expect, it } from "vitest";
import { ANSIBLE_PLAYBOOK } from "../runbooks/builtin/ansible-playbook";
import { executeStep } from "./index";
import { fakeServices, NOW, testContext, testInput, testNode } from "./test-fixtures";
import type { CreateRunnerTaskRequest } from "./types";

function runnerServices() {
  const requests: CreateRunnerTaskRequest[] = [];
  const tasks = new Map<string, string>();
  const { services } = fakeServices({
    createRunnerTask: async (req) => {
      requests.push(req);
      const id = tasks.get(req.idempotency_key) ?? `rtk_${tasks.size + 1}`;
      tasks.set(req.idempotency_key, id);
      return { task_id: id };
    },
  });
  return { services, requests };
}

describe("runner executor", () => {
  it("queues the rendered command and env for runners with the labels, and waits for the task", async () => {
    const { services, requests } = runnerServices();
    const node = testNode(
      "runner",
      {
        command: "deploy.sh {{ input.name }}",
        labels: ["ansible"],
        env: { USER_ID: "{{ input.user_id }}" },
        connection_env: { API_TOKEN: "conn_1" },
        timeout_ms: 60_000,
      },
      { id: "deploy" },
    );
    const { outcome } = await executeStep(testInput(node), services);
    expect(outcome).toEqual({
      kind: "wait",
      wait: { reason: "external", external: { kind: "runner", task_id: "rtk_1" } },
    });
    expect(requests).toEqual([
      {
        run_id: "run_1",
        node_id: "deploy",
        attempt: 1,
        idempotency_key: "run_1:deploy:1",
        labels: ["ansible"],
        command: "deploy.sh Ada",
        env: { USER_ID: "42" },
        timeout_ms: 60_000,
        connection_env: { API_TOKEN: "conn_1" },
        workdir: null,
      },
    ]);
  });

  it("gets the same task for a recovered attempt, and bounds the process by the step deadline by default", async () => {
    const { services, requests } = runnerServices();
    const node = testNode("runner", { command: "true" }, { id: "job" });
    const first = await executeStep(testInput(node), services);
    const again = await executeStep(testInput(node), services);
    expect(again.outcome).toEqual(first.outcome);
    expect(requests[0]?.timeout_ms).toBe(120_000);
    expect(requests[0]?.labels).toEqual([]);
  });

  it("previews the command on a dry run and queues nothing", async () => {
    const { services, requests } = runnerServices();
    const node = testNode("runner", { command: "rm -rf /tmp/{{ input.name }}", labels: ["linux"] });
    const input = testInput(node);
    const { outcome } = await executeStep({ ...input, run: { ...input.run, dry_run: true } }, services);
    expect(outcome.kind).toBe("succeeded");
    expect(outcome.kind === "succeeded" && outcome.output).toMatchObject({
      dry_run: true,
      preview: { command: "rm -rf /tmp/Ada", labels: ["linux"] },
    });
    expect(requests).toEqual([]);
  });

  it("fails clearly where runners are not available", async () => {
    const { services } = fakeServices();
    const node = testNode("runner", { command: "true" });
    const { outcome } = await executeStep(testInput(node, { now: NOW }), services);
    expect(outcome.kind === "failed" && outcome.error.code).toBe("not_available");
  });

  it("refuses a workdir that escapes the runner's directory", () => {
    expect(() => testNode("runner", { command: "true", workdir: "../etc" })).toThrow();
    expect(() => testNode("runner", { command: "true", workdir: "/etc" })).toThrow();
  });
});

describe("the ansible_playbook runbook's runner step", () => {
  const node = () => {
    const raw = ANSIBLE_PLAYBOOK.workflow.nodes[0];
    if (raw?.type !== "runner") throw new Error("expected a runner node");
    return testNode("runner", raw.config, { id: raw.id });
  };

  it("runs ansible-playbook with the quoted inventory and playbook on an `ansible` runner", async () => {
    const { services, requests } = runnerServices();
    const input = testInput(node(), {
      context: testContext({ input: { inventory: "hosts.ini", playbook: "site.yml" } }),
    });
    await executeStep(input, services);
    expect(requests[0]).toMatchObject({ command: "ansible-playbook -i 'hosts.ini' 'site.yml'", labels: ["ansible"] });
  });

  it("adds --limit and check mode from the optional inputs, and never lets a quote escape", async () => {
    const { services, requests } = runnerServices();
    const input = testInput(node(), {
      context: testContext({ input: { inventory: "a'b", playbook: "site.yml", limit: "web*", dry_run: true } }),
    });
    await executeStep(input, services);
    expect(requests[0]?.command).toBe("ansible-playbook -i 'a'\\''b' 'site.yml' --limit 'web*' --check --diff");
  });
});
