/**
 * Tool calls through the real Worker against a real MCP server: whitelist, DENY / ASK policies
 * (org, system, workflow, run), per-server and per-tool rate limits, built-in tools, search, audit and usage.
 */

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { systemScope } from "../auth/principal";
import { callTool, ToolCallError } from "../tools/call";
import { recordUsage } from "../usage/record";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";
import { FAKE_MCP_TOKEN } from "./mcp-setup";

let owner: Session;
let operator: Session;
let viewer: Session;

function callApi(session: Session, server_label: string, tool: string, args: Record<string, unknown> = {}) {
  return call("/api/v1/mcp/tools/call", { token: session.token, body: { server_label, tool, arguments: args } });
}

function setPolicy(pattern: string, decision: string) {
  return call("/api/v1/policies/tools", { method: "PUT", token: owner.token, body: { pattern, decision } });
}

function putPolicy(body: Record<string, unknown>) {
  return call("/api/v1/policies/tools", { method: "PUT", token: owner.token, body });
}

beforeAll(async () => {
  owner = await registerOrg("tools-owner");
  operator = await addMember(owner, "operator");
  viewer = await addMember(owner, "viewer");
  const created = await call("/api/v1/mcp/user-servers", {
    token: owner.token,
    body: {
      label: "calc",
      url: inject("mcpUrl"),
      auth_type: "none",
      allowed_tools: ["add", "echo", "delete_everything"],
    },
  });
  expect(created.status).toBe(201);
  await call("/api/v1/mcp/user-servers/calc/test", { method: "POST", token: owner.token });
});

describe("POST /mcp/tools/call", () => {
  it("calls a whitelisted tool and returns its content and structured result", async () => {
    const res = await callApi(operator, "calc", "add", { a: 2, b: 40 });
    expect(res.status).toBe(200);
    const { result } = await jsonOf(res);
    expect(result.structured).toEqual({ sum: 42 });
    expect(result.content[0]).toMatchObject({ type: "text", text: "42" });
    expect(result.is_error).toBe(false);
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("refuses a tool that isn't whitelisted (403 tool_not_allowed) and an unknown server (404)", async () => {
    await call("/api/v1/mcp/user-servers", {
      token: owner.token,
      body: { label: "narrow", url: inject("mcpUrl"), auth_type: "none", allowed_tools: ["add"] },
    });
    const res = await callApi(operator, "narrow", "echo", { text: "hi" });
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).error.code).toBe("tool_not_allowed");
    const unknown = await callApi(operator, "nope", "add", { a: 1, b: 1 });
    expect(unknown.status).toBe(404);
    expect((await jsonOf(unknown)).error.code).toBe("mcp_server_not_found");
  });

  it("refuses a tool an org policy denies (403 tool_denied) without reaching the server", async () => {
    expect((await setPolicy("calc/delete_everything", "deny")).status).toBe(200);
    const res = await callApi(operator, "calc", "delete_everything");
    expect(res.status).toBe(403);
    const body = await jsonOf(res);
    expect(body.error.code).toBe("tool_denied");
    expect(body.error.message).toContain("calc/delete_everything");
    const calls = (await (await fetch(new URL("/__calls", inject("mcpUrl")))).json()) as { tool: string }[];
    expect(calls.some((c) => c.tool === "delete_everything")).toBe(false);
  });

  it("answers 409 approval_required for a tool under ASK", async () => {
    await setPolicy("calc/echo", "ask");
    const res = await callApi(operator, "calc", "echo", { text: "hello" });
    expect(res.status).toBe(409);
    expect(await jsonOf(res)).toMatchObject({
      error: { code: "approval_required", details: { tool_key: "calc/echo" } },
    });
    await call("/api/v1/policies/tools?pattern=calc/echo", { method: "DELETE", token: owner.token });
    expect((await callApi(operator, "calc", "echo", { text: "hello" })).status).toBe(200);
  });

  it("rate-limits calls per server with 429 tool_rate_limited and Retry-After", async () => {
    await call("/api/v1/mcp/user-servers", {
      token: owner.token,
      body: { label: "tiny", url: inject("mcpUrl"), auth_type: "none", allowed_tools: ["add"], rate_limit_per_min: 2 },
    });
    expect((await callApi(operator, "tiny", "add", { a: 1, b: 1 })).status).toBe(200);
    expect((await callApi(operator, "tiny", "add", { a: 1, b: 2 })).status).toBe(200);
    const limited = await callApi(operator, "tiny", "add", { a: 1, b: 3 });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await jsonOf(limited);
    expect(body.error.code).toBe("tool_rate_limited");
    expect(body.error.message).toContain("2 per minute");
  });

  it("rate-limits one tool by its org policy (429 naming the tool and limit) while its server's other tools go on", async () => {
    await call("/api/v1/mcp/user-servers", {
      token: owner.token,
      body: { label: "pertool", url: inject("mcpUrl"), auth_type: "none", allowed_tools: ["add", "echo"] },
    });
    const put = await putPolicy({ pattern: "pertool/add", decision: null, rate_limit_per_min: 2 });
    expect(put.status).toBe(200);
    expect(await jsonOf(put)).toEqual({
      pattern: "pertool/add",
      decision: null,
      rate_limit_per_min: 2,
      scope: "org",
      locked: false,
    });
    expect((await callApi(operator, "pertool", "add", { a: 1, b: 1 })).status).toBe(200);
    expect((await callApi(operator, "pertool", "add", { a: 1, b: 2 })).status).toBe(200);
    const limited = await callApi(operator, "pertool", "add", { a: 1, b: 3 });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await jsonOf(limited);
    expect(body.error).toMatchObject({
      code: "tool_rate_limited",
      details: { retryable: true, retry_after_s: retryAfter },
    });
    expect(body.error.message).toContain("pertool/add");
    expect(body.error.message).toContain("2 per minute");
    // Same server, another tool: its own calls aren't counted against add's limit.
    expect((await callApi(operator, "pertool", "echo", { text: "still here" })).status).toBe(200);
    expect((await callApi(operator, "pertool", "echo", { text: "and here" })).status).toBe(200);
    expect((await callApi(operator, "pertool", "echo", { text: "and here" })).status).toBe(200);
  });

  it("shares a server/* limit among the server's tools, and a limit-only row keeps the inherited decision", async () => {
    await call("/api/v1/mcp/user-servers", {
      token: owner.token,
      body: { label: "shared-budget", url: inject("mcpUrl"), auth_type: "none", allowed_tools: ["add", "echo"] },
    });
    expect((await putPolicy({ pattern: "shared-budget/*", decision: null, rate_limit_per_min: 2 })).status).toBe(200);
    expect((await callApi(operator, "shared-budget", "add", { a: 1, b: 1 })).status).toBe(200);
    expect((await callApi(operator, "shared-budget", "echo", { text: "x" })).status).toBe(200);
    const limited = await callApi(operator, "shared-budget", "add", { a: 2, b: 2 });
    expect(limited.status).toBe(429);
    expect((await jsonOf(limited)).error.message).toContain("shared by shared-budget/*");
    // The exact tool's own limit is more specific than the server's shared one.
    expect((await putPolicy({ pattern: "shared-budget/echo", decision: null, rate_limit_per_min: 5 })).status).toBe(
      200,
    );
    expect((await callApi(operator, "shared-budget", "echo", { text: "y" })).status).toBe(200);
  });

  it("runs built-in tools", async () => {
    const res = await callApi(operator, "builtin", "json_query", { expression: "$count(input)", data: [1, 2, 3] });
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).result.structured).toEqual({ result: 3 });
    expect((await callApi(operator, "builtin", "nope")).status).toBe(404);
  });

  it("is for operators and up: a viewer gets 403", async () => {
    expect((await callApi(viewer, "calc", "add", { a: 1, b: 1 })).status).toBe(403);
  });

  it("audits each call with the tool key and argument names, never argument values", async () => {
    await callApi(operator, "calc", "echo", { text: "private-argument-value-42" });
    const audit = await jsonOf(await call("/api/v1/audit?action=tool.called&limit=100", { token: owner.token }));
    const event = audit.items.find((e: any) => e.metadata.tool_key === "calc/echo" && e.metadata.outcome === "ok");
    expect(event).toMatchObject({ actor_type: "user", actor_id: operator.userId, metadata: { arg_names: ["text"] } });
    expect(JSON.stringify(audit)).not.toContain("private-argument-value-42");
    expect(audit.items.some((e: any) => e.metadata.outcome === "denied")).toBe(true);
  });
});

describe("GET /mcp/tools/search", () => {
  it("finds built-in and MCP tools with whitelist and policy", async () => {
    const res = await call("/api/v1/mcp/tools/search?q=delete", { token: viewer.token });
    expect(res.status).toBe(200);
    const { items } = await jsonOf(res);
    const item = items.find((t: any) => t.key === "calc/delete_everything");
    expect(item).toMatchObject({ allowed: true, policy: "deny", policy_source: "org" });
    const narrow = await jsonOf(await call("/api/v1/mcp/tools/search?server=narrow", { token: viewer.token }));
    // Never tested: only its whitelist is known.
    expect(narrow.items.map((t: any) => [t.name, t.allowed])).toEqual([["add", true]]);
    const calc = await jsonOf(await call("/api/v1/mcp/tools/search?server=calc&q=echo", { token: viewer.token }));
    expect(calc.items).toHaveLength(1);
    expect(calc.items[0]).toMatchObject({ key: "calc/echo", description: "Echoes the text back", allowed: true });
    const builtin = await jsonOf(await call("/api/v1/mcp/tools/search?server=builtin", { token: viewer.token }));
    expect(builtin.items.map((t: any) => t.key)).toEqual(["builtin/json_query", "builtin/http_get"]);
    expect(builtin.items[0]).toMatchObject({ allowed: true, policy: "allow", policy_source: "default" });
  });
});

describe("tool policies API", () => {
  it("lists org policies, validates patterns and is admin-only for writes", async () => {
    const list = await jsonOf(await call("/api/v1/policies/tools", { token: viewer.token }));
    expect(list.items).toContainEqual({
      pattern: "calc/delete_everything",
      decision: "deny",
      rate_limit_per_min: null,
      scope: "org",
      locked: false,
    });
    expect((await setPolicy("not a pattern", "deny")).status).toBe(400);
    expect((await setPolicy("calc/*", "maybe")).status).toBe(400);
    const asOperator = await call("/api/v1/policies/tools", {
      method: "PUT",
      token: operator.token,
      body: { pattern: "*", decision: "deny" },
    });
    expect(asOperator.status).toBe(403);
    const missing = await call("/api/v1/policies/tools?pattern=calc/never", { method: "DELETE", token: owner.token });
    expect(missing.status).toBe(404);
  });

  it("stores a per-tool limit beside the decision, keeps it when only the decision changes, and validates it", async () => {
    const both = await putPolicy({ pattern: "limits/add", decision: "ask", rate_limit_per_min: 30 });
    expect(await jsonOf(both)).toMatchObject({ decision: "ask", rate_limit_per_min: 30 });
    // A client that only sends decisions (the old shape) doesn't wipe the limit.
    expect(await jsonOf(await setPolicy("limits/add", "allow"))).toMatchObject({
      decision: "allow",
      rate_limit_per_min: 30,
    });
    const list = await jsonOf(await call("/api/v1/policies/tools", { token: viewer.token }));
    expect(list.items).toContainEqual({
      pattern: "limits/add",
      decision: "allow",
      rate_limit_per_min: 30,
      scope: "org",
      locked: false,
    });
    // null removes the limit.
    expect(
      await jsonOf(await putPolicy({ pattern: "limits/add", decision: "allow", rate_limit_per_min: null })),
    ).toMatchObject({
      rate_limit_per_min: null,
    });
    for (const bad of [0, 100_001, 2.5, "10"]) {
      const res = await putPolicy({ pattern: "limits/add", decision: "allow", rate_limit_per_min: bad });
      expect(res.status).toBe(400);
      expect((await jsonOf(res)).error.code).toBe("validation_failed");
    }
    // Neither a decision nor a limit: nothing to store.
    const empty = await putPolicy({ pattern: "limits/add", decision: null });
    expect(empty.status).toBe(400);
    expect((await jsonOf(empty)).error.code).toBe("validation_failed");
    const asOperator = await call("/api/v1/policies/tools", {
      method: "PUT",
      token: operator.token,
      body: { pattern: "limits/add", decision: null, rate_limit_per_min: 1 },
    });
    expect(asOperator.status).toBe(403);
  });
});

describe("callTool (the path mcp_tool steps use)", () => {
  const scope = () => systemScope(owner.orgId, "test");
  const run = { run_id: "run_tools_test", workflow_id: "wf_tools_test", node_id: "tool" };

  it("applies run and workflow policies and calls an approved ASK", async () => {
    const ask = await callTool(env, scope(), {
      server_label: "calc",
      tool: "add",
      arguments: { a: 1, b: 2 },
      actor: owner.userId,
      run: { ...run, workflow_policies: { "calc/*": "ask" } },
    });
    expect(ask).toEqual({ kind: "ask", tool_key: "calc/add", reason: expect.stringContaining("workflow") });
    const approved = await callTool(env, scope(), {
      server_label: "calc",
      tool: "add",
      arguments: { a: 1, b: 2 },
      actor: owner.userId,
      run: { ...run, workflow_policies: { "calc/*": "ask" } },
      approved: { by: owner.userId },
    });
    expect(approved).toMatchObject({ kind: "ok", structured: { sum: 3 } });
    await expect(
      callTool(env, scope(), {
        server_label: "calc",
        tool: "add",
        arguments: { a: 1, b: 2 },
        actor: owner.userId,
        run: { ...run, workflow_policies: { "calc/add": "allow" }, run_policies: { "*": "deny" } },
      }),
    ).rejects.toMatchObject({ code: "tool_denied" });
  });

  it("lets a system DENY win over every lower level", async () => {
    const locked = { ...env, TOOL_POLICIES_SYSTEM: JSON.stringify({ "calc/add": "deny" }) };
    const err = await callTool(locked, scope(), {
      server_label: "calc",
      tool: "add",
      arguments: { a: 1, b: 1 },
      actor: owner.userId,
      run: { ...run, workflow_policies: { "calc/add": "allow" }, run_policies: { "calc/add": "allow" } },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolCallError);
    expect(err).toMatchObject({ code: "tool_denied", retryable: false });
  });

  it("calls tools of org-level servers from configuration", async () => {
    // The token comes from the Worker secret the configuration names.
    const configured = {
      ...env,
      SHARED_MCP_TOKEN: FAKE_MCP_TOKEN,
      MCP_ORG_SERVERS: JSON.stringify([
        {
          label: "shared",
          url: inject("mcpAuthUrl"),
          allowed_tools: ["add"],
          auth_type: "bearer",
          token_env: "SHARED_MCP_TOKEN",
        },
      ]),
    };
    const result = await callTool(configured, scope(), {
      server_label: "shared",
      tool: "add",
      arguments: { a: 20, b: 3 },
      actor: owner.userId,
    });
    expect(result).toMatchObject({ kind: "ok", structured: { sum: 23 } });
  });

  it("limits builtin/http_get to 60 calls a minute per org unless a policy sets a limit", async () => {
    const fresh = await registerOrg("http-get-limit");
    const freshScope = systemScope(fresh.orgId, "test");
    const fetchImpl = async () => new Response("pong", { headers: { "content-type": "text/plain" } });
    const get = () =>
      callTool(
        env,
        freshScope,
        {
          server_label: "builtin",
          tool: "http_get",
          arguments: { url: "http://127.0.0.1:9/ping" },
          actor: fresh.userId,
        },
        { fetchImpl },
      );
    for (let i = 0; i < 60; i++) expect(await get()).toMatchObject({ kind: "ok", is_error: false });
    const err = await get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolCallError);
    expect(err).toMatchObject({ code: "tool_rate_limited", retryable: true });
    expect((err as ToolCallError).message).toContain("builtin/http_get");
    expect((err as ToolCallError).message).toContain("60 per minute");
    // An org limit on the tool replaces the default (here: more room).
    const put = await call("/api/v1/policies/tools", {
      method: "PUT",
      token: fresh.token,
      body: { pattern: "builtin/http_get", decision: null, rate_limit_per_min: 1000 },
    });
    expect(put.status).toBe(200);
    expect(await get()).toMatchObject({ kind: "ok" });
  });

  it("reports an unreachable server as a retryable mcp_server_unreachable", async () => {
    const configured = {
      ...env,
      MCP_ORG_SERVERS: JSON.stringify([{ label: "down", url: "http://127.0.0.1:9/mcp", allowed_tools: ["add"] }]),
    };
    await expect(
      callTool(configured, scope(), { server_label: "down", tool: "add", arguments: {}, actor: owner.userId }),
    ).rejects.toMatchObject({ code: "mcp_server_unreachable", retryable: true });
  });
});

describe("GET /usage", () => {
  it("reports runs, tool calls, LLM tokens and cost for the org", async () => {
    const fresh = await registerOrg("usage-owner");
    await call("/api/v1/mcp/user-servers", {
      token: fresh.token,
      body: { label: "calc", url: inject("mcpUrl"), auth_type: "none", allowed_tools: ["add"] },
    });
    for (let i = 0; i < 3; i++) expect((await callApi(fresh, "calc", "add", { a: i, b: 1 })).status).toBe(200);
    await recordUsage(env, fresh.orgId, {
      kind: "llm",
      key: "gpt-test",
      tokens_in: 100,
      tokens_out: 20,
      cost_usd: 0.0015,
      at: Date.now(),
      run_id: "run_x",
    });
    const res = await call("/api/v1/usage", { token: fresh.token });
    expect(res.status).toBe(200);
    const report = await jsonOf(res);
    expect(report.totals).toMatchObject({
      tool_calls: 3,
      llm_calls: 1,
      tokens_in: 100,
      tokens_out: 20,
      cost_usd: 0.0015,
    });
    expect(report.by_tool).toEqual([{ tool_key: "calc/add", calls: 3 }]);
    expect(report.by_model).toEqual([
      { model: "gpt-test", calls: 1, tokens_in: 100, tokens_out: 20, cost_usd: 0.0015 },
    ]);
    expect(report.by_day.at(-1)).toMatchObject({ tool_calls: 3, cost_usd: 0.0015 });
    expect(report.to - report.from).toBe(30 * 24 * 60 * 60 * 1000);

    // Another org sees none of it; a window in the past is empty; a reversed window is refused.
    const other = await jsonOf(await call("/api/v1/usage", { token: owner.token }));
    expect(other.by_model).toEqual([]);
    const past = await jsonOf(await call("/api/v1/usage?from=0&to=1000", { token: fresh.token }));
    expect(past.totals.tool_calls).toBe(0);
    expect((await call("/api/v1/usage?from=2000&to=1000", { token: fresh.token })).status).toBe(400);
  });
});
