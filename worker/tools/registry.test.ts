import { describe, expect, it } from "vitest";
import { builtinTool } from "./builtin";
import { registryTools, searchTools } from "./registry";

const servers = [
  {
    label: "gh",
    allowed_tools: ["list_issues", "create_issue"],
    tools: [
      { name: "list_issues", description: "List issues of a repository", input_schema: { type: "object" } },
      { name: "delete_repo", description: "Delete a repository", input_schema: { type: "object" } },
    ],
  },
  { label: "docs", allowed_tools: ["search"], tools: [] },
];

describe("registryTools", () => {
  it("lists built-ins, listed tools and whitelisted names not listed yet, with whether each is allowed", () => {
    const tools = registryTools(servers);
    expect(tools.map((t) => [t.key, t.allowed])).toEqual([
      ["builtin/json_query", true],
      ["builtin/http_get", true],
      ["gh/list_issues", true],
      ["gh/delete_repo", false],
      ["gh/create_issue", true],
      ["docs/search", true],
    ]);
    expect(tools.find((t) => t.key === "builtin/json_query")?.input_schema).toMatchObject({ required: ["expression"] });
  });
});

describe("searchTools", () => {
  const tools = registryTools(servers);
  it("matches every word in the key or the description, name matches first", () => {
    expect(searchTools(tools, { q: "repository" }).map((t) => t.key)).toEqual(["gh/list_issues", "gh/delete_repo"]);
    expect(searchTools(tools, { q: "issue" }).map((t) => t.key)).toEqual(["gh/list_issues", "gh/create_issue"]);
    expect(searchTools(tools, { q: "ISSUES list" }).map((t) => t.key)).toEqual(["gh/list_issues"]);
    expect(searchTools(tools, { q: "json" }).map((t) => t.key)).toEqual(["builtin/json_query"]);
  });
  it("filters by server and returns everything for an empty query", () => {
    expect(searchTools(tools, { server: "docs" }).map((t) => t.key)).toEqual(["docs/search"]);
    expect(searchTools(tools, {})).toHaveLength(tools.length);
    expect(searchTools(tools, { q: "nothing-like-this" })).toEqual([]);
  });
});

describe("built-in tools", () => {
  const ctx = { policy: { allowLoopback: false }, now: () => Date.UTC(2026, 0, 1) };
  it("json_query evaluates JSONata over the given data", async () => {
    const tool = builtinTool("json_query");
    const answer = await tool?.run(
      { expression: "$sum(input.items.price)", data: { items: [{ price: 2 }, { price: 3 }] } },
      ctx,
    );
    expect(answer).toMatchObject({ is_error: false, structured: { result: 5 } });
  });
  it("json_query reports a bad expression or bad arguments as a tool error, not a throw", async () => {
    const tool = builtinTool("json_query");
    expect((await tool?.run({ expression: "input.(", data: {} }, ctx))?.is_error).toBe(true);
    expect((await tool?.run({ data: {} }, ctx))?.is_error).toBe(true);
  });
  it("http_get refuses a blocked address with the policy's message", async () => {
    const tool = builtinTool("http_get");
    const answer = await tool?.run({ url: "http://169.254.169.254/latest/meta-data" }, ctx);
    expect(answer?.is_error).toBe(true);
    expect(JSON.stringify(answer?.content)).toMatch(/[Bb]locked/);
  });
  it("http_get returns status and body from the fetch", async () => {
    const tool = builtinTool("http_get");
    const answer = await tool?.run(
      { url: "https://93.184.216.34/hello" },
      {
        ...ctx,
        fetchImpl: async () => new Response("hi there", { status: 200, headers: { "content-type": "text/plain" } }),
      },
    );
    expect(answer).toMatchObject({ is_error: false, structured: { status: 200, body: "hi there", truncated: false } });
  });
});
