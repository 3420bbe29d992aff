/** MCP servers per org (user-added CRUD + test; org-level ones read-only), tool search and direct tool calls. */
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientIp, recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import type { AppEnv } from "../context";
import {
  CreateMcpServerBody,
  LabelParam,
  McpServer,
  McpServerList,
  McpTestResult,
  ToolCallBody,
  ToolCallResponse,
  ToolSearchQuery,
  ToolSearchResult,
  UpdateMcpServerBody,
} from "../contracts/mcp";
import { deleteMcpServer, getMcpServer, insertMcpServer, toMcpServer, updateMcpServer } from "../db/repos/mcp-servers";
import { orgPolicyMap } from "../db/repos/tool-policies";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { testServer } from "../mcp/client";
import { checkServerUrl } from "../mcp/config";
import {
  DEFAULT_RATE_LIMIT_PER_MIN,
  endpointFor,
  findServer,
  listServers,
  orgServers,
  sealServerToken,
} from "../mcp/servers";
import { guard, principalOf } from "../middleware/auth";
import { policyFromEnv } from "../net";
import { createRouter } from "../router";
import { callTool, systemPolicies, ToolCallError } from "../tools/call";
import { resolvePolicy } from "../tools/policy";
import { registryTools, searchTools } from "../tools/registry";
import { bearer, errors, json, jsonBody } from "./openapi";

const tags = ["MCP"];

const list = createRoute({
  method: "get",
  path: "/user-servers",
  tags,
  summary: "List MCP servers: org-level ones from configuration and user-added ones (tokens never returned)",
  security: bearer,
  middleware: guard("mcp:read"),
  responses: { 200: json(McpServerList, "Servers"), ...errors(401, 403) },
});

const create = createRoute({
  method: "post",
  path: "/user-servers",
  tags,
  summary: "Add an MCP server (HTTPS; its token is encrypted and never returned)",
  security: bearer,
  middleware: guard("mcp:manage"),
  request: { body: jsonBody(CreateMcpServerBody) },
  responses: { 201: json(McpServer, "Created"), ...errors(400, 401, 403, 409) },
});

const update = createRoute({
  method: "put",
  path: "/user-servers/{label}",
  tags,
  summary: "Change a user MCP server (an omitted token stays; org-level servers are read-only: 409)",
  security: bearer,
  middleware: guard("mcp:manage"),
  request: { params: LabelParam, body: jsonBody(UpdateMcpServerBody) },
  responses: { 200: json(McpServer, "Updated"), ...errors(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/user-servers/{label}",
  tags,
  summary: "Remove a user MCP server",
  security: bearer,
  middleware: guard("mcp:manage"),
  request: { params: LabelParam },
  responses: { 204: { description: "Removed" }, ...errors(401, 403, 404, 409) },
});

const test = createRoute({
  method: "post",
  path: "/user-servers/{label}/test",
  tags,
  summary: "Initialize and list tools over Streamable HTTP: online/offline, latency and tools",
  security: bearer,
  middleware: guard("mcp:manage"),
  request: { params: LabelParam },
  responses: { 200: json(McpTestResult, "The outcome"), ...errors(401, 403, 404) },
});

const search = createRoute({
  method: "get",
  path: "/tools/search",
  tags,
  summary: "Search built-in and MCP tools, with whether each is whitelisted and its policy",
  security: bearer,
  middleware: guard("mcp:read"),
  request: { query: ToolSearchQuery },
  responses: { 200: json(ToolSearchResult, "Matching tools"), ...errors(400, 401, 403) },
});

const callRoute = createRoute({
  method: "post",
  path: "/tools/call",
  tags,
  summary: "Call a tool (whitelist, policies and rate limits apply; audited)",
  security: bearer,
  middleware: guard("tools:call"),
  request: { body: jsonBody(ToolCallBody) },
  responses: { 200: json(ToolCallResponse, "The tool's answer"), ...errors(400, 401, 403, 404, 409, 429) },
});

function refuseUrl(env: Env, url: string): void {
  const refusal = checkServerUrl(url, { allowLoopback: policyFromEnv(env).policy.allowLoopback });
  if (refusal) {
    throw new AppError("mcp_url_invalid", refusal.message, {
      details: { issues: [{ path: "url", code: refusal.code, message: refusal.message }] },
    });
  }
}

function needHeaderName(authType: string, headerName: string | null | undefined): void {
  if (authType === "header" && !headerName) {
    throw new AppError("validation_failed", "Invalid json", {
      details: {
        issues: [{ path: "header_name", code: "required", message: "Give the header that carries the token" }],
      },
    });
  }
}

function managed(label: string): AppError {
  return new AppError(
    "mcp_server_managed",
    `“${label}” is configured for the whole deployment and can't be changed here`,
  );
}

/** The API error for a refused or failed tool call. */
export function toolCallAppError(err: ToolCallError): AppError {
  const details = { retryable: err.retryable, ...(err.retry_after_s ? { retry_after_s: err.retry_after_s } : {}) };
  const headers: Record<string, string> = err.retry_after_s ? { "Retry-After": String(err.retry_after_s) } : {};
  return new AppError(err.code, err.message_human, { details, headers });
}

function auditContext(c: Context<AppEnv>) {
  return { requestId: c.get("requestId") ?? null, ip: clientIp(c) };
}

export const mcpRoutes = createRouter()
  .openapi(list, async (c) => {
    return c.json({ items: await listServers(c.env, scopeOf(principalOf(c))) }, 200);
  })
  .openapi(create, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const body = c.req.valid("json");
    if (orgServers(c.env).some((s) => s.label === body.label) || (await getMcpServer(c.env.DB, scope, body.label))) {
      throw new AppError("conflict", `A server labelled “${body.label}” already exists`, {
        details: { issues: [{ path: "label", code: "duplicate", message: "Labels are unique per organization" }] },
      });
    }
    refuseUrl(c.env, body.url);
    needHeaderName(body.auth_type, body.header_name);
    const id = newId("mcp");
    const sealed = body.token ? await sealServerToken(c.env, id, body.token) : null;
    const now = Date.now();
    const row = await insertMcpServer(c.env.DB, scope, {
      id,
      label: body.label,
      url: body.url,
      authType: body.auth_type,
      headerName: body.auth_type === "header" ? (body.header_name ?? null) : null,
      tokenCiphertext: sealed?.ciphertext ?? null,
      tokenKeyId: sealed?.keyId ?? null,
      tokenHint: sealed?.hint ?? null,
      allowedTools: [...new Set(body.allowed_tools)],
      rateLimitPerMin: body.rate_limit_per_min ?? DEFAULT_RATE_LIMIT_PER_MIN,
      createdBy: principal.id,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(c, principal.orgId, principal, {
      action: "mcp_server.created",
      targetType: "mcp_server",
      targetId: row.label,
      metadata: {
        label: row.label,
        host: new URL(row.url).host,
        auth_type: row.authType,
        allowed_tools: body.allowed_tools,
      },
    });
    return c.json(toMcpServer(row), 201);
  })
  .openapi(update, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { label } = c.req.valid("param");
    const body = c.req.valid("json");
    if (orgServers(c.env).some((s) => s.label === label)) throw managed(label);
    const row = await getMcpServer(c.env.DB, scope, label);
    if (!row) throw new AppError("not_found", "No such MCP server");
    if (body.url !== undefined) refuseUrl(c.env, body.url);
    const authType = body.auth_type ?? row.authType;
    const headerName = body.header_name === undefined ? row.headerName : body.header_name;
    needHeaderName(authType, headerName);
    const values: Parameters<typeof updateMcpServer>[3] = {
      updatedAt: Date.now(),
      authType,
      headerName: authType === "header" ? headerName : null,
    };
    if (body.url !== undefined && body.url !== row.url) {
      // The stored token was given for the old address: moving it elsewhere needs it typed again (or dropped),
      // so an admin can't point a server at their own host and collect someone else's token.
      if (row.tokenCiphertext && body.token === undefined) {
        throw new AppError("secret_required", "Changing the server's URL needs its token again (or token: null)", {
          details: { issues: [{ path: "token", message: "Enter the token for the new URL" }] },
        });
      }
      // A different server: what we knew about the old one no longer holds.
      Object.assign(values, { url: body.url, status: "unknown", latencyMs: null, lastTestedAt: null, tools: [] });
    }
    if (body.allowed_tools !== undefined) values.allowedTools = [...new Set(body.allowed_tools)];
    if (body.rate_limit_per_min !== undefined) values.rateLimitPerMin = body.rate_limit_per_min;
    if (body.token === null) Object.assign(values, { tokenCiphertext: null, tokenKeyId: null, tokenHint: null });
    else if (body.token !== undefined) {
      const sealed = await sealServerToken(c.env, row.id, body.token);
      Object.assign(values, { tokenCiphertext: sealed.ciphertext, tokenKeyId: sealed.keyId, tokenHint: sealed.hint });
    }
    const updated = await updateMcpServer(c.env.DB, scope, label, values);
    if (!updated) throw new AppError("not_found", "No such MCP server");
    await recordAudit(c, principal.orgId, principal, {
      action: "mcp_server.updated",
      targetType: "mcp_server",
      targetId: label,
      // Which fields changed, never the token.
      metadata: { label, fields: Object.keys(body).sort(), allowed_tools: body.allowed_tools },
    });
    return c.json(toMcpServer(updated), 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const { label } = c.req.valid("param");
    if (orgServers(c.env).some((s) => s.label === label)) throw managed(label);
    if (!(await deleteMcpServer(c.env.DB, scopeOf(principal), label))) {
      throw new AppError("not_found", "No such MCP server");
    }
    await recordAudit(c, principal.orgId, principal, {
      action: "mcp_server.deleted",
      targetType: "mcp_server",
      targetId: label,
      metadata: { label },
    });
    return c.body(null, 204);
  })
  .openapi(test, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { label } = c.req.valid("param");
    const server = await findServer(c.env, scope, label);
    if (!server) throw new AppError("not_found", "No such MCP server");
    const outcome = await testServer(await endpointFor(c.env, server), {
      policy: policyFromEnv(c.env).policy,
      now: Date.now,
    });
    if (server.id) {
      // Cache what we learned (org-level servers aren't stored: the result is only returned).
      await updateMcpServer(c.env.DB, scope, label, {
        status: outcome.status,
        latencyMs: outcome.latency_ms,
        lastTestedAt: Date.now(),
        ...(outcome.status === "online" ? { tools: outcome.tools } : {}),
      });
    }
    await recordAudit(c, principal.orgId, principal, {
      action: "mcp_server.tested",
      targetType: "mcp_server",
      targetId: label,
      metadata: { label, status: outcome.status, tools: outcome.tools.length, error_code: outcome.error?.code ?? null },
    });
    return c.json(outcome, 200);
  })
  .openapi(search, async (c) => {
    const scope = scopeOf(principalOf(c));
    const query = c.req.valid("query");
    const servers = await listServers(c.env, scope);
    const system = systemPolicies(c.env);
    const org = await orgPolicyMap(c.env.DB, scope);
    const items = searchTools(registryTools(servers), query).map((tool) => {
      const resolved = resolvePolicy(tool.key, { system, org });
      const source: "system" | "org" | "default" =
        resolved.source === "system" || resolved.source === "org" ? resolved.source : "default";
      return { ...tool, policy: resolved.decision, policy_source: source };
    });
    return c.json({ items }, 200);
  })
  .openapi(callRoute, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid("json");
    let result: Awaited<ReturnType<typeof callTool>>;
    try {
      result = await callTool(
        c.env,
        scopeOf(principal),
        { server_label: body.server_label, tool: body.tool, arguments: body.arguments, actor: principal.id },
        { auditActor: { actorType: principal.type, actorId: principal.id }, ...auditContext(c) },
      );
    } catch (err) {
      if (err instanceof ToolCallError) throw toolCallAppError(err);
      throw err;
    }
    if (result.kind === "ask") {
      throw new AppError("approval_required", result.reason, { details: { tool_key: result.tool_key } });
    }
    const { kind: _kind, ...answer } = result;
    return c.json({ result: answer }, 200);
  });
