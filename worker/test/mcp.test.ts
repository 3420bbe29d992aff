/**
 * MCP servers through the real Worker: CRUD, testing against a real MCP server (the SDK's, on
 * 127.0.0.1), offline servers, URL rules, roles, and the token never coming back.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { app } from "../app";
import { addMember, BASE, call, jsonOf, registerOrg, type Session } from "./helpers";
import { FAKE_MCP_TOKEN } from "./mcp-setup";

let owner: Session;
let viewer: Session;

beforeAll(async () => {
  owner = await registerOrg("mcp-owner");
  viewer = await addMember(owner, "viewer");
});

function addServer(session: Session, body: Record<string, unknown>) {
  return call("/api/v1/mcp/user-servers", { token: session.token, body });
}

describe("user MCP servers", () => {
  it("adds, lists, updates and removes a server; the token is sealed and only its hint is shown", async () => {
    const created = await addServer(owner, {
      label: "calc",
      url: inject("mcpAuthUrl"),
      auth_type: "bearer",
      token: FAKE_MCP_TOKEN,
      allowed_tools: ["add"],
    });
    expect(created.status).toBe(201);
    const server = await jsonOf(created);
    expect(server).toMatchObject({
      label: "calc",
      auth_type: "bearer",
      allowed_tools: ["add"],
      source: "user",
      status: "unknown",
      rate_limit_per_min: 100,
      tools: [],
    });
    expect(server.token_hint).toBeTypeOf("string");

    const listed = await jsonOf(await call("/api/v1/mcp/user-servers", { token: viewer.token }));
    expect(listed.items.map((s: any) => s.label)).toContain("calc");

    const updated = await call("/api/v1/mcp/user-servers/calc", {
      method: "PUT",
      token: owner.token,
      body: { allowed_tools: ["add", "echo"], rate_limit_per_min: 5 },
    });
    expect(updated.status).toBe(200);
    expect(await jsonOf(updated)).toMatchObject({ allowed_tools: ["add", "echo"], rate_limit_per_min: 5 });

    // The token was given for this address: moving the server elsewhere needs it again.
    const moved = await call("/api/v1/mcp/user-servers/calc", {
      method: "PUT",
      token: owner.token,
      body: { url: inject("mcpUrl") },
    });
    expect(moved.status).toBe(400);
    expect((await jsonOf(moved)).error.code).toBe("secret_required");
    const movedWithToken = await call("/api/v1/mcp/user-servers/calc", {
      method: "PUT",
      token: owner.token,
      body: { url: inject("mcpUrl"), auth_type: "none", token: null },
    });
    expect(movedWithToken.status).toBe(200);
    expect(await jsonOf(movedWithToken)).toMatchObject({ url: inject("mcpUrl"), token_hint: null });

    const duplicate = await addServer(owner, {
      label: "calc",
      url: inject("mcpUrl"),
      auth_type: "none",
      allowed_tools: [],
    });
    expect(duplicate.status).toBe(409);

    expect((await call("/api/v1/mcp/user-servers/calc", { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await call("/api/v1/mcp/user-servers/calc", { method: "DELETE", token: owner.token })).status).toBe(404);
  });

  it("tests a server: online, latency and its tools, cached on the server", async () => {
    await addServer(owner, {
      label: "tested",
      url: inject("mcpAuthUrl"),
      auth_type: "bearer",
      token: FAKE_MCP_TOKEN,
      allowed_tools: ["add"],
    });
    const res = await call("/api/v1/mcp/user-servers/tested/test", { method: "POST", token: owner.token });
    expect(res.status).toBe(200);
    const outcome = await jsonOf(res);
    expect(outcome.status).toBe("online");
    expect(outcome.error).toBeNull();
    expect(outcome.latency_ms).toBeGreaterThanOrEqual(0);
    expect(outcome.tools.map((t: any) => t.name).sort()).toEqual(["add", "delete_everything", "echo"]);
    expect(outcome.tools.find((t: any) => t.name === "add").input_schema.properties).toHaveProperty("a");

    const listed = await jsonOf(await call("/api/v1/mcp/user-servers", { token: owner.token }));
    const cached = listed.items.find((s: any) => s.label === "tested");
    expect(cached.status).toBe("online");
    expect(cached.last_tested_at).toBeTypeOf("number");
    expect(cached.tools).toHaveLength(3);
  });

  it("works with a server that streams its answers as SSE (no auth)", async () => {
    await addServer(owner, { label: "sse", url: inject("mcpUrl"), auth_type: "none", allowed_tools: [] });
    const outcome = await jsonOf(
      await call("/api/v1/mcp/user-servers/sse/test", { method: "POST", token: owner.token }),
    );
    expect(outcome.status).toBe("online");
    expect(outcome.tools).toHaveLength(3);
  });

  it("reports a server with a wrong token, or nobody listening, as offline with the reason", async () => {
    await addServer(owner, {
      label: "wrong-token",
      url: inject("mcpAuthUrl"),
      auth_type: "bearer",
      token: "not-the-token-at-all",
      allowed_tools: [],
    });
    const wrong = await jsonOf(
      await call("/api/v1/mcp/user-servers/wrong-token/test", { method: "POST", token: owner.token }),
    );
    expect(wrong).toMatchObject({ status: "offline", latency_ms: null, tools: [] });
    expect(wrong.error.message).toContain("401");

    await addServer(owner, { label: "gone", url: "http://127.0.0.1:9/mcp", auth_type: "none", allowed_tools: [] });
    const gone = await jsonOf(await call("/api/v1/mcp/user-servers/gone/test", { method: "POST", token: owner.token }));
    expect(gone.status).toBe("offline");
    expect(gone.error.code).toBe("mcp_server_unreachable");
    const listed = await jsonOf(await call("/api/v1/mcp/user-servers", { token: owner.token }));
    expect(listed.items.find((s: any) => s.label === "gone").status).toBe("offline");
  });

  it("refuses plain http to a non-loopback host, bad labels and a header auth without a header name", async () => {
    const http = await addServer(owner, {
      label: "plain",
      url: "http://mcp.example.com/mcp",
      auth_type: "none",
      allowed_tools: [],
    });
    expect(http.status).toBe(400);
    expect((await jsonOf(http)).error.code).toBe("mcp_url_invalid");
    const label = await addServer(owner, {
      label: "Bad Label",
      url: "https://mcp.example.com/",
      auth_type: "none",
      allowed_tools: [],
    });
    expect(label.status).toBe(400);
    const reserved = await addServer(owner, {
      label: "builtin",
      url: "https://mcp.example.com/",
      auth_type: "none",
      allowed_tools: [],
    });
    expect(reserved.status).toBe(400);
    const noWhitelist = await addServer(owner, { label: "nowl", url: "https://mcp.example.com/", auth_type: "none" });
    expect(noWhitelist.status).toBe(400);
    const header = await addServer(owner, {
      label: "hdr",
      url: "https://mcp.example.com/",
      auth_type: "header",
      token: "x",
      allowed_tools: [],
    });
    expect(header.status).toBe(400);
    expect(JSON.stringify(await jsonOf(header))).toContain("header_name");
  });

  it("lets a viewer read but not add, test or remove servers", async () => {
    expect(
      (await addServer(viewer, { label: "v", url: "https://x.example.com/", auth_type: "none", allowed_tools: [] }))
        .status,
    ).toBe(403);
    expect((await call("/api/v1/mcp/user-servers/tested/test", { method: "POST", token: viewer.token })).status).toBe(
      403,
    );
    expect((await call("/api/v1/mcp/user-servers/tested", { method: "DELETE", token: viewer.token })).status).toBe(403);
  });

  it("never returns the token in any response body", async () => {
    const secret = "sk-very-secret-mcp-token-0123456789";
    const bodies: string[] = [];
    const created = await addServer(owner, {
      label: "secretive",
      url: inject("mcpAuthUrl"),
      auth_type: "header",
      header_name: "x-api-key",
      token: secret,
      allowed_tools: ["echo"],
    });
    bodies.push(await created.text());
    bodies.push(await (await call("/api/v1/mcp/user-servers", { token: owner.token })).text());
    bodies.push(
      await (
        await call("/api/v1/mcp/user-servers/secretive", {
          method: "PUT",
          token: owner.token,
          body: { token: `${secret}-2` },
        })
      ).text(),
    );
    bodies.push(
      await (await call("/api/v1/mcp/user-servers/secretive/test", { method: "POST", token: owner.token })).text(),
    );
    bodies.push(await (await call("/api/v1/audit?limit=100", { token: owner.token })).text());
    for (const body of bodies) expect(body).not.toContain(secret);
  });
});

describe("deployment configuration (org-level servers, system policies)", () => {
  /** The real app with configuration a test can't set through wrangler.toml. */
  function configured(path: string, init: { method?: string; body?: unknown } = {}) {
    const vars = {
      MCP_ORG_SERVERS: JSON.stringify([
        {
          label: "shared",
          url: inject("mcpUrl"),
          allowed_tools: ["add"],
          auth_type: "bearer",
          token_env: "SHARED_TOKEN",
        },
      ]),
      TOOL_POLICIES_SYSTEM: JSON.stringify({ "shared/*": "deny", "*": "ask" }),
    };
    return app.request(
      `${BASE}${path}`,
      {
        method: init.method ?? (init.body ? "POST" : "GET"),
        headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      },
      { ...env, ...vars },
    );
  }

  it("lists org-level servers as read-only: PUT and DELETE answer 409 mcp_server_managed", async () => {
    const listed = await jsonOf(await configured("/api/v1/mcp/user-servers"));
    expect(listed.items[0]).toMatchObject({
      label: "shared",
      source: "org",
      allowed_tools: ["add"],
      auth_type: "bearer",
    });
    const put = await configured("/api/v1/mcp/user-servers/shared", { method: "PUT", body: { allowed_tools: [] } });
    expect(put.status).toBe(409);
    expect((await jsonOf(put)).error.code).toBe("mcp_server_managed");
    const del = await configured("/api/v1/mcp/user-servers/shared", { method: "DELETE" });
    expect((await jsonOf(del)).error.code).toBe("mcp_server_managed");
    const clash = await configured("/api/v1/mcp/user-servers", {
      body: { label: "shared", url: "https://x.example.com/", auth_type: "none", allowed_tools: [] },
    });
    expect(clash.status).toBe(409);
  });

  it("shows system policies, locks a system DENY and refuses org rules that would override it", async () => {
    const list = await jsonOf(await configured("/api/v1/policies/tools"));
    expect(list.items).toEqual(
      expect.arrayContaining([
        { pattern: "shared/*", decision: "deny", scope: "system", locked: true },
        { pattern: "*", decision: "ask", scope: "system", locked: false },
      ]),
    );
    const override = await configured("/api/v1/policies/tools", {
      method: "PUT",
      body: { pattern: "shared/add", decision: "allow" },
    });
    expect(override.status).toBe(409);
    expect((await jsonOf(override)).error).toMatchObject({ code: "policy_locked", details: { locked_by: "shared/*" } });
    const call = await configured("/api/v1/mcp/tools/call", {
      body: { server_label: "shared", tool: "add", arguments: {} },
    });
    expect(call.status).toBe(403);
    expect((await jsonOf(call)).error.code).toBe("tool_denied");
    // The system `*: ask` applies to everything else, including built-ins.
    const ask = await configured("/api/v1/mcp/tools/call", {
      body: { server_label: "builtin", tool: "json_query", arguments: { expression: "1" } },
    });
    expect(ask.status).toBe(409);
  });
});
