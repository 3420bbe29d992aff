import { describe, expect, it } from "vitest";
import { getNodeType, listNodeTypes, NODE_TYPES, NodeType, nodeBranches, nodeHasSideEffects } from "./node-types";
import { RetryPolicy } from "./workflow";

describe("node-type registry", () => {
  it("has one complete entry per type", () => {
    expect(Object.keys(NODE_TYPES).sort()).toEqual([...NodeType.options].sort());
    for (const definition of listNodeTypes()) {
      expect(definition.label.length).toBeGreaterThan(0);
      expect(definition.icon.length).toBeGreaterThan(0);
      expect(definition.description.length).toBeGreaterThan(10);
      expect(RetryPolicy.safeParse(definition.defaultRetry).success).toBe(true);
      expect(definition.defaultTimeoutMs).toBeGreaterThan(0);
    }
    expect(getNodeType("http").defaultTimeoutMs).toBe(120_000);
  });

  it("offers default configs that are valid, except where the user must pick a resource", () => {
    const needsChoice = new Set(["subworkflow", "llm", "mcp_tool"]);
    for (const definition of listNodeTypes()) {
      const result = definition.configSchema.safeParse(definition.defaultConfig);
      expect({ type: definition.type, ok: result.success }).toEqual({
        type: definition.type,
        ok: !needsChoice.has(definition.type),
      });
    }
  });

  it("treats only GET and HEAD requests as free of side effects", () => {
    const http = (method: "GET" | "HEAD" | "POST" | "DELETE") =>
      nodeHasSideEffects({ type: "http", config: { method, url: "https://x.test" } });
    expect(http("GET")).toBe(false);
    expect(http("HEAD")).toBe(false);
    expect(http("POST")).toBe(true);
    expect(http("DELETE")).toBe(true);
    expect(nodeHasSideEffects({ type: "emit_event", config: { event_type: "a.b" } })).toBe(true);
    expect(nodeHasSideEffects({ type: "transform", config: { expression: "1" } })).toBe(false);
  });

  it("lists branch labels for condition and switch only", () => {
    expect(nodeBranches({ type: "condition", config: { expression: "x" } })).toEqual(["true", "false"]);
    expect(nodeBranches({ type: "switch", config: { expression: "x", cases: ["eu", "us"] } })).toEqual([
      "eu",
      "us",
      "default",
    ]);
    expect(nodeBranches({ type: "noop", config: {} })).toEqual([]);
  });
});

describe("config schemas", () => {
  it("rejects unknown keys so typos surface", () => {
    const result = NODE_TYPES.http.configSchema.safeParse({ method: "GET", url: "https://x", header: {} });
    expect(result.success).toBe(false);
  });

  it("refuses a body on a GET request", () => {
    const result = NODE_TYPES.http.configSchema.safeParse({ method: "GET", url: "https://x", body: { a: 1 } });
    expect(result.error?.issues[0]?.message).toBe("A GET request cannot have a body");
  });

  it("requires exactly one of duration_ms and until on a delay", () => {
    const delay = NODE_TYPES.delay.configSchema;
    expect(delay.safeParse({ duration_ms: 1000 }).success).toBe(true);
    expect(delay.safeParse({ until: "{{ input.at }}" }).success).toBe(true);
    expect(delay.safeParse({}).success).toBe(false);
    expect(delay.safeParse({ duration_ms: 1, until: "2026-01-01T00:00:00Z" }).success).toBe(false);
  });

  it("requires unique switch cases and keeps 'default' for the fallback", () => {
    const switchConfig = NODE_TYPES.switch.configSchema;
    expect(switchConfig.safeParse({ expression: "x", cases: [] }).success).toBe(false);
    expect(switchConfig.safeParse({ expression: "x", cases: ["a", "a"] }).success).toBe(false);
    expect(switchConfig.safeParse({ expression: "x", cases: ["default"] }).success).toBe(false);
  });

  it("applies approval and wait defaults and checks form fields", () => {
    const approval = NODE_TYPES.approval.configSchema;
    expect(approval.parse({}).on_timeout).toBe("fail");
    expect(NODE_TYPES.subworkflow.configSchema.parse({ workflow_id: "wf_1" }).wait).toBe(true);
    const badSelect = { form_fields: [{ name: "env", label: "Env", type: "select" }] };
    expect(approval.safeParse(badSelect).error?.issues[0]?.message).toBe("A select field needs options");
    const twice = {
      form_fields: [
        { name: "a", label: "A", type: "text" },
        { name: "a", label: "B", type: "text" },
      ],
    };
    expect(approval.safeParse(twice).success).toBe(false);
  });

  it("validates event names and LLM messages", () => {
    expect(NODE_TYPES.emit_event.configSchema.safeParse({ event_type: "Order Paid" }).success).toBe(false);
    expect(NODE_TYPES.wait_event.configSchema.safeParse({ event_name: "order:paid" }).success).toBe(true);
    const llm = { connection_id: "c", model: "m", messages: [] };
    expect(NODE_TYPES.llm.configSchema.safeParse(llm).success).toBe(false);
    const hot = { connection_id: "c", model: "m", messages: [{ role: "user", content: "hi" }], temperature: 3 };
    expect(NODE_TYPES.llm.configSchema.safeParse(hot).success).toBe(false);
  });
});
