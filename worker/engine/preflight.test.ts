import { describe, expect, it } from "vitest";
import type { Graph } from "../contracts/workflow";
import { preflight, preflightActions } from "./preflight";

const allowAll = () => null;

function graph(nodes: unknown[], extra: Partial<Graph> = {}): Graph {
  return { nodes, edges: [], ...extra } as Graph;
}

describe("preflight", () => {
  it("passes a run whose references all resolve", () => {
    const result = preflight({
      graph: graph(
        [
          {
            id: "a",
            type: "http",
            config: { method: "GET", url: "https://api.example.com/{{ input.id }}?k={{ vars.k }}" },
          },
        ],
        { vars: { k: 1 } },
      ),
      input: { id: "7" },
      connectionIds: new Set(),
      checkUrl: allowAll,
    });
    expect(result.blocking_count).toBe(0);
  });

  it("blocks unresolved input and vars references, naming the step", () => {
    const result = preflight({
      graph: graph([
        { id: "a", name: "Fetch", type: "transform", config: { expression: "input.region & vars.suffix" } },
      ]),
      input: {},
      connectionIds: new Set(),
      checkUrl: allowAll,
    });
    expect(result.blocking_count).toBe(2);
    expect(result.groups.issues.map((i) => i.code)).toEqual(["unresolved_reference", "unresolved_reference"]);
    expect(result.groups.issues[0]?.message_human).toMatch(/“Fetch” uses input\.region/);
    expect(preflightActions(result.groups.issues)[0]).toMatchObject({ action: "provide_input", target_node_id: "a" });
  });

  it("lets a run leave out inputs the schema declares as optional, but not required ones", () => {
    const result = preflight({
      graph: graph([{ id: "a", type: "transform", config: { expression: "input.region & input.zone" } }], {
        input_schema: {
          type: "object",
          required: ["zone"],
          properties: { region: { type: "string" }, zone: { type: "string" } },
        },
      }),
      input: {},
      connectionIds: new Set(),
      checkUrl: allowAll,
    });
    expect(result.groups.issues.map((i) => i.message_human)).toEqual([
      'Step “a” uses input.zone, but the run\'s input has no "zone".',
    ]);
  });

  it("blocks URLs the network policy refuses, missing connections, and steps without a runtime", () => {
    const result = preflight({
      graph: graph([
        { id: "meta", type: "http", config: { method: "GET", url: "http://169.254.169.254/latest" } },
        { id: "auth", type: "http", config: { method: "GET", url: "https://api.example.com", connection_id: "crm" } },
        {
          id: "ask",
          type: "llm",
          config: { connection_id: "openai", model: "gpt", messages: [{ role: "user", content: "hi" }] },
        },
      ]),
      input: {},
      connectionIds: new Set(),
      checkUrl: (url) => (url.includes("169.254") ? "a cloud metadata address" : null),
    });
    expect(result.groups.issues.map((i) => [i.code, i.node_id])).toEqual([
      ["invalid_url", "meta"],
      ["connection_missing", "auth"],
      ["connection_missing", "ask"],
    ]);
    expect(result.groups.by_domain).toEqual({ policy: 1, connection: 2 });
  });
});

describe("preflight on branches", () => {
  it("only warns about a step behind a condition (it may never run)", () => {
    const result = preflight({
      graph: {
        nodes: [
          { id: "check", type: "condition", config: { expression: "true" } },
          {
            id: "deploy",
            type: "http",
            config: { method: "POST", url: "https://deploy.example.com", connection_id: "deploy_api" },
          },
          { id: "skip", type: "noop", config: {} },
        ],
        edges: [
          { from: "check", to: "deploy", when: "true" },
          { from: "check", to: "skip", when: "false" },
        ],
      } as Graph,
      input: {},
      connectionIds: new Set(),
      checkUrl: allowAll,
    });
    expect(result.blocking_count).toBe(0);
    expect(result.warning_count).toBe(1);
    expect(result.groups.issues[0]).toMatchObject({
      code: "connection_missing",
      severity: "warning",
      node_id: "deploy",
    });
  });
});

describe("preflight of mcp_tool steps", () => {
  const tools = {
    servers: new Map<string, readonly string[]>([
      ["calc", ["add", "divide"]],
      ["builtin", ["json_query"]],
    ]),
    decide: (key: string) =>
      key === "calc/divide"
        ? { decision: "deny" as const, source: "org", pattern: "calc/divide" }
        : key === "builtin/json_query"
          ? { decision: "ask" as const, source: "workflow", pattern: "builtin/*" }
          : { decision: "allow" as const, source: "default", pattern: null },
  };
  const step = (id: string, server_label: string, tool: string) => ({
    id,
    name: id,
    type: "mcp_tool",
    config: { server_label, tool },
  });

  it("blocks an unknown server, a tool off the whitelist and a denied tool; warns about ASK", () => {
    const result = preflight({
      graph: graph([
        step("ok", "calc", "add"),
        step("nosrv", "github", "list_issues"),
        step("off", "calc", "multiply"),
        step("denied", "calc", "divide"),
        step("asks", "builtin", "json_query"),
      ]),
      input: {},
      connectionIds: new Set(),
      checkUrl: allowAll,
      tools,
    });
    expect(result.groups.issues.map((i) => [i.code, i.node_id, i.severity])).toEqual([
      ["mcp_server_not_found", "nosrv", "blocking"],
      ["tool_not_allowed", "off", "blocking"],
      ["tool_denied", "denied", "blocking"],
      ["tool_requires_approval", "asks", "warning"],
    ]);
    expect(result.blocking_count).toBe(3);
    expect(result.groups.issues[2]?.message_human).toBe(
      "Step “denied” calls calc/divide, which a org policy (calc/divide) denies.",
    );
    expect(preflightActions(result.groups.issues).map((a) => a.action)).toEqual([
      "add_mcp_server",
      "review_tool_policy",
      "review_tool_policy",
      "review",
    ]);
  });

  it("does not check tool steps when the org's tools are unknown", () => {
    const result = preflight({
      graph: graph([step("nosrv", "github", "list_issues")]),
      input: {},
      connectionIds: new Set(),
      checkUrl: allowAll,
    });
    expect(result.groups.issues).toEqual([]);
  });
});
