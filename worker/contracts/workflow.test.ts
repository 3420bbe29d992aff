import { describe, expect, it } from "vitest";
import { GRAPH_ISSUE_CODES, Graph, InputSchema, NodeId, RetryPolicy, StepStatus, WorkflowNode } from "./workflow";

const fetchUser = {
  id: "get_user",
  type: "http",
  name: "Fetch user",
  phase: "trigger",
  config: { method: "GET", url: "https://api.example.com/users/{{ input.user_id }}" },
  retry: { max_attempts: 3, backoff: "exponential", base_delay_ms: 1000 },
  timeout_ms: 120000,
};

describe("Graph schema", () => {
  it("accepts the SPEC example and types config by node type", () => {
    const graph = Graph.parse({
      nodes: [fetchUser, { id: "check", type: "condition", config: { expression: "steps.get_user.output.ok" } }],
      edges: [{ from: "get_user", to: "check", when: null }],
      input_schema: { type: "object", required: ["user_id"], properties: { user_id: { type: "string" } } },
      settings: { run_timeout_ms: 1800000, concurrency: { key: "{{ input.customer_id }}", limit: 1 } },
    });
    const [first] = graph.nodes;
    if (first?.type !== "http") throw new Error("expected an http node first");
    expect(first.config.method).toBe("GET");
  });

  it("applies config defaults when parsing", () => {
    const node = WorkflowNode.parse({ id: "wait", type: "wait_event", config: { event_name: "paid" } });
    expect(node.type === "wait_event" && node.config.on_timeout).toBe("fail");
  });

  it("rejects unknown keys on nodes, edges and the graph", () => {
    expect(WorkflowNode.safeParse({ ...fetchUser, timeout: 5 }).success).toBe(false);
    expect(Graph.safeParse({ nodes: [], edges: [{ from: "a", to: "b", label: "x" }] }).success).toBe(false);
    expect(Graph.safeParse({ nodes: [], edges: [], extra: true }).success).toBe(false);
  });

  it("rejects a config that does not match the node type", () => {
    const result = WorkflowNode.safeParse({ id: "t", type: "transform", config: { method: "GET", url: "x" } });
    expect(result.success).toBe(false);
  });
});

describe("node ids", () => {
  it("are valid JSONata path segments", () => {
    for (const id of ["a", "get_user", "step2", "a".repeat(63)]) expect(NodeId.safeParse(id).success).toBe(true);
    for (const id of ["", "2fast", "Get", "get-user", "a b", "a".repeat(64)]) {
      expect(NodeId.safeParse(id).success).toBe(false);
    }
  });
});

describe("retry policy", () => {
  it("bounds attempts and delays", () => {
    expect(RetryPolicy.safeParse({ max_attempts: 21, backoff: "fixed", base_delay_ms: 0 }).success).toBe(false);
    expect(RetryPolicy.safeParse({ max_attempts: 2, backoff: "linear", base_delay_ms: 0 }).success).toBe(false);
    const inverted = { max_attempts: 2, backoff: "exponential", base_delay_ms: 5000, max_delay_ms: 1000 };
    expect(RetryPolicy.safeParse(inverted).error?.issues[0]?.path).toEqual(["max_delay_ms"]);
  });
});

describe("input schema", () => {
  it("must be an object schema whose required properties are declared", () => {
    expect(InputSchema.safeParse({ type: "array" }).success).toBe(false);
    expect(InputSchema.safeParse({ type: "object", additionalProperties: false }).success).toBe(true);
    const undeclared = InputSchema.safeParse({ type: "object", required: ["b"], properties: { a: {} } });
    expect(undeclared.error?.issues[0]?.message).toBe('"b" is required but not declared');
  });
});

describe("enumerations", () => {
  it("lists the step statuses the canvas shows", () => {
    expect(StepStatus.options).toEqual(["pending", "running", "waiting", "succeeded", "failed", "skipped", "canceled"]);
  });

  it("lists every graph issue code once", () => {
    expect(new Set(GRAPH_ISSUE_CODES).size).toBe(GRAPH_ISSUE_CODES.length);
    expect(GRAPH_ISSUE_CODES).toContain("unknown_reference");
  });
});
