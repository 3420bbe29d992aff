/**
 * Roles and tenant isolation, checked generically over the OpenAPI document so that routes added
 * later are covered too: a viewer gets 403 on every write route, and a caller from org A gets 404
 * for every id that belongs to org B.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";

type Method = "get" | "post" | "put" | "patch" | "delete";
interface Operation {
  path: string;
  method: Method;
  secured: boolean;
}

async function operations(): Promise<Operation[]> {
  const doc = await jsonOf(await call("/api/openapi.json"));
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      if (item[method])
        ops.push({ path, method, secured: Array.isArray(item[method].security) && item[method].security.length > 0 });
    }
  }
  return ops;
}

/**
 * POST routes any member may call: on their own behalf (not writes to the org's resources), or
 * that change nothing (validation).
 */
const SELF_SERVICE = new Set([
  "post /api/v1/orgs",
  "post /api/v1/orgs/{id}/switch",
  "post /api/v1/workflows/validate",
  "post /api/v1/workflows/{id}/preflight",
  "post /api/v1/runs/{id}/stream-ticket",
  "post /api/v1/feed/ticket",
  "post /api/v1/auth/switch-org",
]);

/**
 * Routes that act on another org's resource by design, so org A calling them with org B's id is
 * not a 404: the marketplace is public, and installing or reviewing another org's published item
 * is the point (the catalog GET routes are unauthenticated, so this test never lists them).
 */
const CROSS_ORG_BY_DESIGN = new Set([
  "post /api/v1/marketplace/{id}/install",
  "post /api/v1/marketplace/{id}/review",
  // The runbook catalog is the same for every org (built-ins); jobs are org-scoped and covered below.
  "get /api/v1/runbooks/{name}",
  "post /api/v1/runbooks/{name}/execute",
]);

/**
 * The runner protocol authenticates with a runner's own token (fxr_…), never a user's: a user token there is a
 * 401, not a 403, and a task is reached only through a runner of its org (worker/test/runners.test.ts covers both).
 */
const RUNNER_PROTOCOL = /^\/api\/v1\/runner\//;

let orgA: Session;
let viewerA: Session;
let operatorA: Session;
let orgB: Session;
let viewerB: Session;
/** For each parameterised route: the org-B ids to put in the path, and a valid body. */
let orgBFixtures: Record<string, { params: Record<string, string>; body?: unknown }>;
let gatedWorkflowId: string;

beforeAll(async () => {
  orgA = await registerOrg("a-owner");
  viewerA = await addMember(orgA, "viewer");
  operatorA = await addMember(orgA, "operator");
  orgB = await registerOrg("b-owner");
  viewerB = await addMember(orgB, "viewer");
  const key = await jsonOf(
    await call("/api/v1/api-keys", { token: orgB.token, body: { name: "b key", role: "viewer" } }),
  );
  const invite = await jsonOf(
    await call("/api/v1/members/invites", {
      token: orgB.token,
      body: { email: "pending-b@example.com", role: "viewer" },
    }),
  );
  const wf = await jsonOf(
    await call("/api/v1/workflows", {
      token: orgB.token,
      body: { name: "b flow", graph: { nodes: [{ id: "a", type: "noop", config: {} }], edges: [] } },
    }),
  );
  await call(`/api/v1/workflows/${wf.id}/versions`, { method: "POST", token: orgB.token });
  const gated = await jsonOf(
    await call("/api/v1/workflows", {
      token: orgB.token,
      body: { name: "b gate", graph: { nodes: [{ id: "gate", type: "approval", config: {} }], edges: [] } },
    }),
  );
  await call(`/api/v1/workflows/${gated.id}/versions`, { method: "POST", token: orgB.token });
  const run = await jsonOf(await call(`/api/v1/workflows/${gated.id}/runs`, { token: orgB.token, body: {} }));
  const runParams = { params: { id: run.run_id } };
  const dst = await jsonOf(
    await call("/api/v1/automations/destinations", {
      token: orgB.token,
      body: { name: "b hook", url: `${inject("receiverOrigin")}/ok/tenancy` },
    }),
  );
  const ping = await jsonOf(
    await call(`/api/v1/automations/destinations/${dst.id}/test`, { method: "POST", token: orgB.token }),
  );
  gatedWorkflowId = gated.id;
  const item = await jsonOf(
    await call("/api/v1/marketplace", {
      token: orgB.token,
      body: { workflow_id: wf.id, version: 1, title: "b item", category: "workflows" },
    }),
  );
  const conn = await jsonOf(
    await call("/api/v1/connections", {
      token: orgB.token,
      body: { name: "b conn", credentials: { type: "bearer", token: "b-secret-token-1234567890" } },
    }),
  );
  const mcp = await jsonOf(
    await call("/api/v1/mcp/user-servers", {
      token: orgB.token,
      body: { label: "b-mcp", url: inject("mcpUrl"), auth_type: "none", allowed_tools: ["add"] },
    }),
  );
  orgBFixtures = {
    "put /api/v1/mcp/user-servers/{label}": { params: { label: mcp.label }, body: { allowed_tools: [] } },
    "delete /api/v1/mcp/user-servers/{label}": { params: { label: mcp.label } },
    "post /api/v1/mcp/user-servers/{label}/test": { params: { label: mcp.label } },
    "get /api/v1/connections/{id}": { params: { id: conn.id } },
    "patch /api/v1/connections/{id}": { params: { id: conn.id }, body: { name: "stolen" } },
    "delete /api/v1/connections/{id}": { params: { id: conn.id } },
    "post /api/v1/connections/{id}/test": { params: { id: conn.id }, body: { url: "https://example.com/" } },
    "get /api/v1/workflows/{id}": { params: { id: wf.id } },
    "patch /api/v1/workflows/{id}": { params: { id: wf.id }, body: { name: "stolen" } },
    "delete /api/v1/workflows/{id}": { params: { id: wf.id } },
    "post /api/v1/workflows/{id}/archive": { params: { id: wf.id } },
    "post /api/v1/workflows/{id}/unarchive": { params: { id: wf.id } },
    "put /api/v1/workflows/{id}/draft": {
      params: { id: wf.id },
      body: { graph: { nodes: [], edges: [] }, revision: 1 },
    },
    "post /api/v1/workflows/{id}/versions": { params: { id: wf.id } },
    "get /api/v1/workflows/{id}/versions": { params: { id: wf.id } },
    "get /api/v1/workflows/{id}/versions/{version}": { params: { id: wf.id, version: "1" } },
    "post /api/v1/workflows/{id}/clone": { params: { id: wf.id } },
    "get /api/v1/workflows/{id}/export": { params: { id: wf.id } },
    "post /api/v1/workflows/{id}/runs": { params: { id: wf.id } },
    "get /api/v1/runs/{id}": runParams,
    "get /api/v1/runs/{id}/steps": runParams,
    "get /api/v1/runs/{id}/events": runParams,
    "post /api/v1/runs/{id}/cancel": runParams,
    "post /api/v1/runs/{id}/signal": { ...runParams, body: { event_name: "go" } },
    "post /api/v1/runs/{id}/steps/{node_id}/approve": { params: { id: run.run_id, node_id: "gate" } },
    "post /api/v1/runs/{id}/steps/{node_id}/reject": { params: { id: run.run_id, node_id: "gate" } },
    "delete /api/v1/api-keys/{id}": { params: { id: key.id } },
    "delete /api/v1/runners/{id}": {
      params: {
        id: (await jsonOf(await call("/api/v1/runners", { token: orgB.token, body: { name: "b runner", labels: [] } })))
          .runner.id,
      },
    },
    "put /api/v1/marketplace/{id}": { params: { id: item.id }, body: { title: "stolen" } },
    "delete /api/v1/marketplace/{id}": { params: { id: item.id } },
    "patch /api/v1/members/{user_id}": { params: { user_id: viewerB.userId }, body: { role: "operator" } },
    "delete /api/v1/members/{user_id}": { params: { user_id: viewerB.userId } },
    "delete /api/v1/members/invites/{id}": { params: { id: invite.id } },
    "post /api/v1/orgs/{id}/switch": { params: { id: orgB.orgId } },
    "post /api/v1/runs/{id}/pause": runParams,
    "post /api/v1/runs/{id}/resume": runParams,
    "post /api/v1/runs/{id}/retry": runParams,
    "post /api/v1/runs/{id}/rerun": { ...runParams, body: { from_step: "gate" } },
    "get /api/v1/runs/{id}/logs": runParams,
    "post /api/v1/runs/{id}/stream-ticket": runParams,
    // An org-B AI plan, stored directly (proposing one needs an LLM).
    ...(await (async (id: string) => {
      await env.DB.prepare(
        "INSERT INTO ai_plans (id, org_id, goal, status, steps, rejected, model, created_by) VALUES (?, ?, 'g', 'proposed', '[]', '[]', 'm', ?)",
      )
        .bind(id, orgB.orgId, orgB.userId)
        .run();
      return {
        "get /api/v1/ai/plans/{id}": { params: { id } },
        "post /api/v1/ai/plan/{id}/approve": { params: { id } },
        "post /api/v1/ai/plan/{id}/reject": { params: { id } },
      };
    })(`plan_b_${orgB.orgId}`)),
    "get /api/v1/runs/{id}/ws": runParams,
    "get /api/v1/runs/{id}/stream": runParams,
    // A job is a run of kind "job": org B's run id is a 404 on every job route (the jobs tests cover B's jobs).
    "get /api/v1/jobs/{id}": runParams,
    "get /api/v1/jobs/{id}/logs/stream": runParams,
    "get /api/v1/jobs/{id}/artifacts": runParams,
    "get /api/v1/jobs/{id}/artifacts/{name}": { params: { id: run.run_id, name: "output.json" } },
    "get /api/v1/jobs/{id}/artifacts/files/{name}": { params: { id: run.run_id, name: "report.txt" } },
    "post /api/v1/workflows/{id}/preflight": { params: { id: wf.id } },
    "get /api/v1/automations/destinations/{id}": { params: { id: dst.id } },
    "patch /api/v1/automations/destinations/{id}": { params: { id: dst.id }, body: { name: "stolen" } },
    "delete /api/v1/automations/destinations/{id}": { params: { id: dst.id } },
    "post /api/v1/automations/destinations/{id}/rotate-secret": { params: { id: dst.id } },
    "post /api/v1/automations/destinations/{id}/test": { params: { id: dst.id } },
    "get /api/v1/automations/deliveries/{id}": { params: { id: ping.delivery_id } },
    "post /api/v1/automations/deliveries/{id}/redeliver": { params: { id: ping.delivery_id } },
    "put /api/v1/workflows/{id}/schedule": { params: { id: wf.id }, body: { cron: "@daily", timezone: "UTC" } },
    "get /api/v1/workflows/{id}/schedule": { params: { id: wf.id } },
    "delete /api/v1/workflows/{id}/schedule": { params: { id: wf.id } },
    "post /api/v1/workflows/{id}/triggers": { params: { id: wf.id } },
    "get /api/v1/workflows/{id}/triggers": { params: { id: wf.id } },
    ...(await (async (trigger_id: string) => ({
      "get /api/v1/workflows/{id}/triggers/{trigger_id}": { params: { id: wf.id, trigger_id } },
      "patch /api/v1/workflows/{id}/triggers/{trigger_id}": {
        params: { id: wf.id, trigger_id },
        body: { enabled: false },
      },
      "post /api/v1/workflows/{id}/triggers/{trigger_id}/rotate": { params: { id: wf.id, trigger_id } },
      "delete /api/v1/workflows/{id}/triggers/{trigger_id}": { params: { id: wf.id, trigger_id } },
    }))((await jsonOf(await call(`/api/v1/workflows/${wf.id}/triggers`, { token: orgB.token, body: {} }))).id)),
    "post /api/v1/workflows/{id}/event-triggers": {
      params: { id: wf.id },
      body: { source_workflow_id: wf.id, on: "completed" },
    },
    "get /api/v1/workflows/{id}/event-triggers": { params: { id: wf.id } },
    "delete /api/v1/workflows/{id}/event-triggers/{trigger_id}": {
      params: {
        id: wf.id,
        trigger_id: (
          await jsonOf(
            await call(`/api/v1/workflows/${wf.id}/event-triggers`, {
              token: orgB.token,
              body: { source_workflow_id: wf.id, on: "completed" },
            }),
          )
        ).id,
      },
    },
  };
});

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`no fixture value for {${name}} in ${path}`);
    return value;
  });
}

describe("roles", () => {
  it("a viewer gets 403 on every write route", async () => {
    const writes = (await operations()).filter(
      (op) =>
        op.secured &&
        op.method !== "get" &&
        !SELF_SERVICE.has(`${op.method} ${op.path}`) &&
        !RUNNER_PROTOCOL.test(op.path),
    );
    expect(writes.length).toBeGreaterThan(5);
    for (const op of writes) {
      const path = op.path.replace(/\{(\w+)\}/g, "x_missing");
      const res = await call(path, { method: op.method.toUpperCase(), token: viewerA.token, body: {} });
      expect(res.status, `${op.method.toUpperCase()} ${op.path}`).toBe(403);
      expect((await jsonOf(res)).error.code).toBe("forbidden");
    }
  });

  it("every secured route answers 401 without credentials", async () => {
    for (const op of (await operations()).filter((o) => o.secured)) {
      const res = await call(op.path.replace(/\{(\w+)\}/g, "x"), { method: op.method.toUpperCase() });
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
    }
  });

  it("an operator can't manage members or keys", async () => {
    const invite = await call("/api/v1/members/invites", {
      token: operatorA.token,
      body: { email: "x@example.com", role: "viewer" },
    });
    expect(invite.status).toBe(403);
    const role = await call(`/api/v1/members/${viewerA.userId}`, {
      method: "PATCH",
      token: operatorA.token,
      body: { role: "admin" },
    });
    expect(role.status).toBe(403);
    const key = await call("/api/v1/api-keys", { token: operatorA.token, body: { name: "k", role: "viewer" } });
    expect(key.status).toBe(403);
  });

  it("a viewer can read but not see the audit trail or keys", async () => {
    expect((await call("/api/v1/members", { token: viewerA.token })).status).toBe(200);
    expect((await call("/api/v1/audit", { token: viewerA.token })).status).toBe(403);
    expect((await call("/api/v1/api-keys", { token: viewerA.token })).status).toBe(403);
  });
});

describe("tenant isolation", () => {
  it("every route that takes an id answers 404 for another org's resource", async () => {
    const parameterised = (await operations()).filter(
      (op) => op.secured && op.path.includes("{") && !RUNNER_PROTOCOL.test(op.path),
    );
    expect(parameterised.length).toBeGreaterThan(0);
    for (const op of parameterised) {
      const key = `${op.method} ${op.path}`;
      if (CROSS_ORG_BY_DESIGN.has(key)) continue;
      const fixture = orgBFixtures[key];
      expect(fixture, `add an org-B fixture for ${key} in tenancy.test.ts`).toBeDefined();
      if (!fixture) continue;
      const res = await call(fill(op.path, fixture.params), {
        method: op.method.toUpperCase(),
        token: orgA.token,
        body: op.method === "get" ? undefined : (fixture.body ?? {}),
      });
      expect(res.status, key).toBe(404);
      expect((await jsonOf(res)).error.code).toBe("not_found");
    }
    // And org B's resources are untouched.
    const members = await jsonOf(await call("/api/v1/members", { token: orgB.token }));
    expect(members.items.find((m: any) => m.user_id === viewerB.userId)?.role).toBe("viewer");
    const stillWaiting = await jsonOf(await call(`/api/v1/runs?workflow_id=${gatedWorkflowId}`, { token: orgB.token }));
    expect(stillWaiting.items[0].status).not.toBe("canceled");
    const keys = await jsonOf(await call("/api/v1/api-keys", { token: orgB.token }));
    expect(keys.items[0].revoked_at).toBeNull();
  });

  it("lists only the caller's org", async () => {
    const members = await jsonOf(await call("/api/v1/members", { token: orgA.token }));
    expect(members.items.map((m: any) => m.user_id)).not.toContain(orgB.userId);
    const audit = await jsonOf(await call("/api/v1/audit?limit=100", { token: orgA.token }));
    expect(audit.items.every((e: any) => e.target_id !== orgB.orgId)).toBe(true);
  });
});
