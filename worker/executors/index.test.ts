import { describe, expect, it } from "vitest";
import { type NodeConfigInput, NodeType, nodeHasSideEffects } from "../contracts/node-types";
import { REDACTED } from "../engine/redact";
import { StepFailure } from "../engine/run/errors";
import { safeFetch } from "../net";
import { EXECUTORS, executeStep } from "./index";
import { fakeServices, testInput, testNode } from "./test-fixtures";
import type { ExecutorServices } from "./types";

/** One realistic config per type; typed over `NodeType`, so a new type must be added here too. */
const EXAMPLES: { [T in NodeType]: NodeConfigInput<T> } = {
  http: { method: "POST", url: "https://api.example.com/orders", body: { id: "{{ input.user_id }}" } },
  transform: { expression: "input.user_id" },
  condition: { expression: "input.amount > 100" },
  switch: { expression: "input.kind", cases: ["a", "b"] },
  delay: { duration_ms: 1_000 },
  approval: { message: "OK?" },
  wait_event: { event_name: "order.paid" },
  subworkflow: { workflow_id: "wf_child" },
  emit_event: { event_type: "order.created" },
  llm: { connection_id: "c", model: "m", messages: [{ role: "user", content: "hi" }] },
  mcp_tool: { server_label: "s", tool: "t" },
  render: { template: "Hi {{ input.name }}", format: "text" },
  noop: {},
  set: { values: { a: "{{ input.name }}" } },
  runner: { command: "echo {{ input.name }}", labels: ["linux"] },
};

/** Services where every call is recorded and refused. */
function refusingServices() {
  const calls: string[] = [];
  const refuse = (name: string) => async () => {
    calls.push(name);
    throw new Error(`${name} must not be called`);
  };
  const services: ExecutorServices = {
    fetch: refuse("fetch"),
    startChildRun: refuse("startChildRun"),
    publishEvent: refuse("publishEvent"),
    putArtifact: refuse("putArtifact"),
    resolveConnection: refuse("resolveConnection"),
    callTool: refuse("callTool"),
    createRunnerTask: refuse("createRunnerTask"),
  };
  return { services, calls };
}

describe("EXECUTORS", () => {
  it("has an executor for every node type", () => {
    expect(Object.keys(EXECUTORS).sort()).toEqual([...NodeType.options].sort());
  });
});

describe("executeStep in a dry run", () => {
  // `render` is left out: storing the run's own artifact changes nothing outside the run, so dry runs store it.
  it.each(NodeType.options.filter((type) => type !== "render"))(
    "%s changes nothing outside the run; side-effecting types return a preview",
    async (type) => {
      const { services, calls } = refusingServices();
      const node = testNode(type, EXAMPLES[type]);
      const input = testInput(node);
      input.run.dry_run = true;
      const { outcome } = await executeStep(input, services);
      expect(calls).toEqual([]);
      if (nodeHasSideEffects(node)) {
        expect(outcome).toMatchObject({ kind: "succeeded", output: { dry_run: true } });
      } else {
        expect(outcome.kind).not.toBe("failed");
      }
    },
  );
});

describe("executeStep", () => {
  it("turns a StepFailure thrown by a service into that failure", async () => {
    const { services } = fakeServices({
      startChildRun: async () => {
        throw new StepFailure({ code: "workflow_not_found", message_human: "No such workflow", retryable: false });
      },
    });
    const { outcome, data_in, data_out } = await executeStep(
      testInput(testNode("subworkflow", EXAMPLES.subworkflow)),
      services,
    );
    expect(outcome).toEqual({
      kind: "failed",
      error: { code: "workflow_not_found", message_human: "No such workflow", retryable: false },
    });
    expect(data_in).toMatchObject({ workflow_id: "wf_child" });
    expect(data_out).toBeNull();
  });

  it("turns any other exception into a retryable unknown error, with the node's config as data_in", async () => {
    const { services } = fakeServices({
      fetch: async () => {
        throw new TypeError("socket hang up");
      },
    });
    const node = testNode("http", { method: "GET", url: "https://api.example.com/x", headers: { "X-Api-Key": "k-1" } });
    const { outcome, data_in } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({
      kind: "failed",
      error: { code: "unknown", retryable: true, message_tech: "TypeError: socket hang up" },
    });
    expect(data_in).toEqual({ method: "GET", url: "https://api.example.com/x", headers: { "X-Api-Key": REDACTED } });
  });

  it("redacts a connection secret that an API echoes into an error", async () => {
    const fetchImpl = async () =>
      new Response("invalid key sk-live-abcdef", { status: 401, headers: { "content-type": "text/plain" } });
    const { services } = fakeServices({
      fetch: (url, init) => safeFetch(url, { ...init, policy: { allowLoopback: false }, fetchImpl }),
      resolveConnection: async () => ({ id: "c", headers: { "X-Key": "sk-live-abcdef" } }),
    });
    const node = testNode("http", { method: "GET", url: "https://api.example.com/x", connection_id: "c" });
    const { outcome, data_in } = await executeStep(testInput(node), services);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "http_status_4xx", retryable: false } });
    expect(JSON.stringify([outcome, data_in])).not.toContain("sk-live-abcdef");
    if (outcome.kind === "failed") {
      expect(outcome.error.message_human).toBe(
        "The API at api.example.com answered 401 Unauthorized (check the credentials)",
      );
      expect(outcome.error.message_tech).toContain(`invalid key ${REDACTED}`);
    }
  });
});
