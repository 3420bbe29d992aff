import { describe, expect, it } from "vitest";
import { GRAPH_ISSUE_CODES, type GraphIssue, validateGraph } from "./index";

const limits = { maxNodes: 50 };

const http = (id: string, url = "https://api.example.com/x", extra: object = {}) => ({
  id,
  type: "http",
  config: { method: "GET", url },
  ...extra,
});
const noop = (id: string, extra: object = {}) => ({ id, type: "noop", config: {}, ...extra });
const edge = (from: string, to: string, when?: string | null) =>
  when === undefined ? { from, to } : { from, to, when };

function issues(graph: unknown, options = limits): GraphIssue[] {
  const result = validateGraph(graph, options);
  expect(result.valid).toBe(result.issues.length === 0);
  return result.issues;
}
function codes(graph: unknown, options = limits): string[] {
  return issues(graph, options).map((issue) => issue.code);
}
function only(graph: unknown, code: string): GraphIssue {
  const found = issues(graph).filter((issue) => issue.code === code);
  expect(found).toHaveLength(1);
  return found[0] as GraphIssue;
}

describe("validateGraph: valid graphs", () => {
  it("accepts a linear graph and returns it parsed with defaults applied", () => {
    const result = validateGraph(
      {
        nodes: [http("fetch"), { id: "wait", type: "wait_event", config: { event_name: "paid" } }],
        edges: [edge("fetch", "wait")],
      },
      limits,
    );
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    const wait = result.graph.nodes[1];
    expect(wait?.type === "wait_event" && wait.config.on_timeout).toBe("fail");
  });

  it("accepts several start nodes when parallel start is allowed", () => {
    const graph = { nodes: [noop("a"), noop("b")], edges: [], settings: { allow_parallel_start: true } };
    expect(codes(graph)).toEqual([]);
  });
});

describe("validateGraph: shape", () => {
  it("rejects something that is not a graph", () => {
    expect(codes(null)).toEqual(["invalid_graph"]);
    expect(codes({ nodes: "x", edges: [] })).toContain("invalid_graph");
  });

  it("reports unknown fields and bad common fields with their paths", () => {
    const found = issues({ nodes: [http("a", undefined, { retry: { max_attempts: 0 } })], edges: [], extra: 1 });
    expect(found.map((issue) => issue.path)).toEqual(expect.arrayContaining(["extra", "nodes.0.retry.max_attempts"]));
    expect(found.every((issue) => issue.code === "invalid_graph")).toBe(true);
  });

  it("counts nodes against the org limit", () => {
    const nodes = ["a", "b", "c"].map((id) => noop(id));
    const graph = { nodes, edges: [edge("a", "b"), edge("b", "c")] };
    const found = issues(graph, { maxNodes: 2 });
    expect(found.map((issue) => issue.code)).toEqual(["too_many_nodes"]);
    expect(found[0]?.message).toBe("The workflow has 3 nodes; the limit is 2");
  });

  it("reports duplicate ids, invalid ids and unknown types", () => {
    const graph = {
      nodes: [noop("a"), noop("a"), { id: "Bad", type: "noop", config: {} }, { id: "x", type: "frob", config: {} }],
      edges: [edge("a", "x")],
    };
    const found = issues(graph);
    expect(found.find((issue) => issue.code === "duplicate_node_id")?.message).toBe(
      'Node id "a" is used by node #0 and node #1; ids must be unique',
    );
    expect(found.find((issue) => issue.path === "nodes.2.id")?.code).toBe("invalid_graph");
    expect(found.find((issue) => issue.code === "unknown_node_type")?.message).toMatch(
      /^Node "x" has an unknown type "frob"/,
    );
  });

  it("reports config problems per node without hiding other nodes' problems", () => {
    const graph = {
      nodes: [
        { id: "a", type: "http", name: "Fetch", config: { method: "GET", url: "" } },
        { id: "b", type: "switch", config: { expression: "input.kind", cases: ["x", "x"] } },
        { id: "c", type: "transform", config: { expression: "input.(" } },
      ],
      edges: [edge("a", "b"), edge("b", "c", "x")],
    };
    const found = issues(graph);
    expect(found.map((issue) => [issue.code, issue.node_id, issue.path])).toEqual([
      ["invalid_node_config", "a", "nodes.0.config.url"],
      ["invalid_node_config", "b", "nodes.1.config.cases.1"],
      ["expression_syntax", "c", "nodes.2.config.expression"],
    ]);
    expect(found[0]?.message).toBe('Node "Fetch" (a) (HTTP request): config.url: A URL is required');
  });

  it("reports an invalid input schema", () => {
    const graph = { nodes: [noop("a")], edges: [], input_schema: { type: "array" } };
    expect(codes(graph)).toEqual(["invalid_input_schema"]);
  });
});

describe("validateGraph: edges and structure", () => {
  it("reports dangling and duplicate edges by index", () => {
    const found = issues({
      nodes: [noop("a"), noop("b")],
      edges: [edge("a", "b"), edge("a", "ghost"), edge("a", "b")],
    });
    expect(found.map((issue) => [issue.code, issue.edge_index])).toEqual([
      ["dangling_edge", 1],
      ["duplicate_edge", 2],
    ]);
    expect(found[0]?.message).toBe('Edge #1 (a → ghost) points to "ghost", which is not a node');
  });

  it("names the cycle", () => {
    const graph = {
      nodes: [noop("s"), noop("a"), noop("b"), noop("c")],
      edges: [edge("s", "a"), edge("a", "b"), edge("b", "c"), edge("c", "a")],
    };
    expect(only(graph, "cycle").message).toBe("The graph has a cycle: a → b → c → a; a workflow must not loop back");
  });

  it("requires a start node", () => {
    expect(only({ nodes: [], edges: [] }, "no_start_node").message).toBe("The workflow has no nodes");
    expect(codes({ nodes: [noop("a"), noop("b")], edges: [edge("a", "b"), edge("b", "a")] })).toEqual([
      "cycle",
      "no_start_node",
    ]);
  });

  it("requires exactly one start node unless parallel start is allowed", () => {
    const found = only({ nodes: [noop("a"), noop("b")], edges: [] }, "multiple_start_nodes");
    expect(found.node_id).toBe("b");
    expect(found.message).toContain("settings.allow_parallel_start");
  });

  it("reports nodes that can never run", () => {
    const graph = { nodes: [noop("a"), noop("b"), noop("c")], edges: [edge("a", "b"), edge("c", "c")] };
    expect(codes(graph)).toEqual(["cycle", "unreachable_node"]);
    expect(issues(graph)[1]?.node_id).toBe("c");
  });
});

describe("validateGraph: branch labels", () => {
  const condition = { id: "check", type: "condition", config: { expression: "input.ok" } };
  const choose = { id: "route", type: "switch", config: { expression: "input.region", cases: ["eu", "us"] } };

  it("accepts true/false on condition edges and cases/default on switch edges", () => {
    const graph = {
      nodes: [condition, choose, noop("done"), noop("eu"), noop("rest")],
      edges: [
        edge("check", "route", "true"),
        edge("check", "done", "false"),
        edge("route", "eu", "eu"),
        edge("route", "rest", "us"),
        edge("route", "rest", "default"),
      ],
    };
    expect(codes(graph)).toEqual([]);
  });

  it("rejects missing, unknown and unexpected labels", () => {
    const graph = {
      nodes: [condition, noop("a"), noop("b"), noop("c")],
      edges: [edge("check", "a"), edge("check", "b", "maybe"), edge("b", "c", "true")],
    };
    const found = issues(graph);
    expect(found.map((issue) => [issue.code, issue.edge_index])).toEqual([
      ["invalid_branch_label", 0],
      ["invalid_branch_label", 1],
      ["invalid_branch_label", 2],
    ]);
    expect(found[1]?.message).toBe(
      'Edge #1 (check → b) is labelled "maybe", which "check" doesn\'t offer; use one of "true", "false"',
    );
    expect(found[2]?.message).toContain("take no label");
  });
});

describe("validateGraph: expressions and references", () => {
  const inputSchema = { type: "object", properties: { user_id: { type: "string" } } };

  it("reports template syntax errors naming the field", () => {
    const found = only({ nodes: [http("a", "https://x/{{ input.user_id ")], edges: [] }, "expression_syntax");
    expect(found.path).toBe("nodes.0.config.url");
    expect(found.message).toMatch(/^Node "a": the template in config.url does not parse/);
  });

  it("accepts references to ancestors and declared inputs", () => {
    const graph = {
      nodes: [
        http("a", "https://x/{{ input.user_id }}"),
        http("b", "https://x/{{ steps.a.output.body.id }}/{{ steps.a.status }}"),
      ],
      edges: [edge("a", "b")],
      input_schema: inputSchema,
    };
    expect(codes(graph)).toEqual([]);
  });

  it("reports steps that don't exist, don't run before, or are the node itself", () => {
    const graph = {
      nodes: [
        http("a", "https://x/{{ steps.b.output.id }}"),
        http("b", "https://x/{{ steps.ghost.output }}"),
        { id: "c", type: "transform", config: { expression: "steps.c.output" } },
        { id: "d", type: "transform", config: { expression: "steps.a.body" } },
      ],
      edges: [edge("a", "b"), edge("b", "c"), edge("c", "d")],
    };
    const messages = issues(graph).map((issue) => `${issue.code} ${issue.node_id}: ${issue.message}`);
    expect(messages).toEqual([
      'unknown_reference a: Node "a": config.url cannot be resolved: it reads steps.b.output, but "b" does not run before this node (connect b → … → a)',
      'unknown_reference b: Node "b": config.url cannot be resolved: it reads steps.ghost.output, but there is no node "ghost"',
      'unknown_reference c: Node "c": config.expression cannot be resolved: it reads its own output (steps.c.output); a node can only read nodes that run before it',
      'unknown_reference d: Node "d": config.expression cannot be resolved: it reads steps.a.body, but a step only has output and status (did you mean steps.a.output.body?)',
    ]);
  });

  it("reports inputs the input schema does not declare, and unknown run fields and vars", () => {
    const graph = {
      nodes: [
        {
          id: "t",
          type: "transform",
          config: { expression: "input.user_id & input.userid & run.owner & vars.env & vars.nope" },
        },
      ],
      edges: [],
      input_schema: inputSchema,
      vars: { env: "prod" },
    };
    const found = issues(graph).map((issue) => issue.message.replace(/^.*cannot be resolved: /, ""));
    expect(found).toEqual([
      'it reads input.userid, but input_schema declares no property "userid" (declared: user_id)',
      "it reads run.owner, which does not exist (run has id, workflow_id, version, correlation_id, started_at, trigger)",
      'it reads vars.nope, but the workflow\'s vars have no "nope" (declared: env)',
    ]);
  });

  it("does not check input keys when the input schema declares no properties", () => {
    expect(
      codes({ nodes: [{ id: "t", type: "transform", config: { expression: "input.anything" } }], edges: [] }),
    ).toEqual([]);
  });

  it("checks the concurrency key, which cannot read steps", () => {
    const graph = {
      nodes: [noop("a")],
      edges: [],
      settings: { concurrency: { key: "{{ steps.a.output }}", limit: 1 } },
    };
    expect(only(graph, "unknown_reference").message).toContain("computed before any step runs");
  });
});

describe("validateGraph: everything at once", () => {
  it("returns every problem in one pass and never throws", () => {
    const graph = {
      nodes: [
        noop("a"),
        noop("a"),
        { id: "b", type: "frob" },
        http("c", "{{ steps.zz.output }}"),
        { id: "d", type: "condition", config: { expression: "1" } },
      ],
      edges: [edge("a", "c"), edge("c", "ghost"), edge("a", "c"), edge("c", "d", "x")],
      input_schema: { type: "string" },
    };
    const found = new Set(codes(graph, { maxNodes: 3 }));
    for (const code of [
      "too_many_nodes",
      "duplicate_node_id",
      "unknown_node_type",
      "dangling_edge",
      "duplicate_edge",
      "multiple_start_nodes",
      "invalid_branch_label",
      "unknown_reference",
      "invalid_input_schema",
    ]) {
      expect(found).toContain(code);
    }
    for (const code of found) expect(GRAPH_ISSUE_CODES).toContain(code);
  });

  it("survives pathological input", () => {
    let deep: unknown = "{{ input.x }}";
    for (let level = 0; level < 20_000; level += 1) deep = [deep];
    const result = validateGraph(
      { nodes: [{ id: "s", type: "set", config: { values: { deep } } }], edges: [] },
      limits,
    );
    expect(result.valid ? [] : result.issues.map((issue) => issue.code)).toEqual(["invalid_graph"]);
    expect(result.valid ? "" : result.issues[0]?.message).toMatch(/^The graph could not be checked/);
  });
});
