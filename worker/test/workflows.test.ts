import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";

const httpNode = (id: string, url = "https://api.example.com/users/{{ input.user_id }}") => ({
  id,
  type: "http",
  name: `Fetch ${id}`,
  config: { method: "GET", url },
});

const validGraph = {
  nodes: [
    httpNode("get_user"),
    { id: "shape", type: "transform", config: { expression: "steps.get_user.output.body" } },
  ],
  edges: [{ from: "get_user", to: "shape" }],
  input_schema: { type: "object", required: ["user_id"], properties: { user_id: { type: "string" } } },
};

let owner: Session;
let viewer: Session;

beforeAll(async () => {
  owner = await registerOrg("wf");
  viewer = await addMember(owner, "viewer");
});

async function createWorkflow(body: Record<string, unknown> = {}) {
  const res = await call("/api/v1/workflows", {
    token: owner.token,
    body: { name: "Sync users", graph: validGraph, ...body },
  });
  expect(res.status).toBe(201);
  return jsonOf(res);
}

async function validate(graph: unknown) {
  const res = await call("/api/v1/workflows/validate", { token: owner.token, body: { graph } });
  expect(res.status).toBe(200);
  return jsonOf(res);
}

describe("validation", () => {
  it("accepts a valid graph", async () => {
    expect(await validate(validGraph)).toEqual({ valid: true, issues: [] });
  });

  it("lists every problem at once: cycle, dangling edge, unknown type, bad expression", async () => {
    const result = await validate({
      nodes: [
        httpNode("a"),
        { id: "b", type: "transform", config: { expression: "steps.a.output +" } },
        { id: "c", type: "teleport", config: {} },
        { id: "d", type: "noop", config: {} },
      ],
      edges: [
        { from: "a", to: "b" },
        { from: "b", to: "d" },
        { from: "d", to: "b" },
        { from: "a", to: "ghost" },
      ],
    });
    expect(result.valid).toBe(false);
    const codes = result.issues.map((i: any) => i.code);
    expect(codes).toEqual(expect.arrayContaining(["cycle", "dangling_edge", "unknown_node_type", "expression_syntax"]));
    const cycle = result.issues.find((i: any) => i.code === "cycle");
    expect(cycle.message).toMatch(/b → d → b|d → b → d/);
  });

  it("rejects 51 nodes against the default limit of 50, and honours a raised org limit", async () => {
    const nodes = Array.from({ length: 51 }, (_, i) => ({ id: `n${i}`, type: "noop", config: {} }));
    const edges = nodes.slice(1).map((n, i) => ({ from: `n${i}`, to: n.id }));
    const tooMany = await validate({ nodes, edges });
    expect(tooMany.valid).toBe(false);
    expect(tooMany.issues.map((i: any) => i.code)).toContain("too_many_nodes");

    const raised = await call("/api/v1/orgs/current", {
      method: "PATCH",
      token: owner.token,
      body: { settings: { limits: { max_nodes_per_workflow: 60 } } },
    });
    expect(raised.status).toBe(200);
    expect((await validate({ nodes, edges })).valid).toBe(true);
    await call("/api/v1/orgs/current", {
      method: "PATCH",
      token: owner.token,
      body: { settings: { limits: { max_nodes_per_workflow: 50 } } },
    });
  });

  it("never answers 500 to garbage", async () => {
    for (const graph of [
      null,
      42,
      "x",
      [],
      { nodes: "no" },
      { nodes: [{}], edges: [{}] },
      { nodes: [{ id: 1, type: [] }], edges: null },
    ]) {
      const result = await validate(graph);
      expect(result.valid).toBe(false);
      expect(result.issues.length).toBeGreaterThan(0);
    }
  });
});

describe("catalog", () => {
  it("publishes immutable numbered versions", async () => {
    const wf = await createWorkflow();
    expect(wf.latest_version).toBe(0);
    expect(wf.draft.validation.valid).toBe(true);

    const v1 = await call(`/api/v1/workflows/${wf.id}/versions`, {
      method: "POST",
      token: owner.token,
      body: { note: "first" },
    });
    expect(v1.status).toBe(201);
    expect((await jsonOf(v1)).version).toBe(1);

    const changed = {
      ...validGraph,
      nodes: [...validGraph.nodes, { id: "done", type: "noop", config: {} }],
      edges: [...validGraph.edges, { from: "shape", to: "done" }],
    };
    const saved = await call(`/api/v1/workflows/${wf.id}/draft`, {
      method: "PUT",
      token: owner.token,
      body: { graph: changed, revision: wf.draft_revision },
    });
    expect(saved.status).toBe(200);
    const v2 = await call(`/api/v1/workflows/${wf.id}/versions`, { method: "POST", token: owner.token });
    expect((await jsonOf(v2)).version).toBe(2);

    const first = await jsonOf(await call(`/api/v1/workflows/${wf.id}/versions/1`, { token: owner.token }));
    expect(first.graph.nodes).toHaveLength(2);
    expect(first.note).toBe("first");
    const list = await jsonOf(await call(`/api/v1/workflows/${wf.id}/versions`, { token: owner.token }));
    expect(list.items.map((v: any) => v.version)).toEqual([2, 1]);

    await expect(
      env.DB.prepare("UPDATE workflow_versions SET name = 'x' WHERE workflow_id = ?").bind(wf.id).run(),
    ).rejects.toThrow(/immutable/);
    await expect(
      env.DB.prepare("DELETE FROM workflow_versions WHERE workflow_id = ?").bind(wf.id).run(),
    ).rejects.toThrow(/immutable/);

    const audit = await jsonOf(await call(`/api/v1/audit?target_id=${wf.id}`, { token: owner.token }));
    expect(audit.items.map((e: any) => e.action)).toEqual([
      "workflow.published",
      "workflow.published",
      "workflow.created",
    ]);
  });

  it("refuses to publish an invalid draft, listing its problems", async () => {
    const wf = await createWorkflow({ graph: { nodes: [httpNode("a", "")], edges: [{ from: "a", to: "nowhere" }] } });
    expect(wf.draft.validation.valid).toBe(false);
    const res = await call(`/api/v1/workflows/${wf.id}/versions`, { method: "POST", token: owner.token });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.issues.map((i: any) => i.code)).toEqual(
      expect.arrayContaining(["invalid_node_config", "dangling_edge"]),
    );
  });

  it("answers a stale draft save with 409 (body revision or If-Match)", async () => {
    const wf = await createWorkflow();
    const first = await call(`/api/v1/workflows/${wf.id}/draft`, {
      method: "PUT",
      token: owner.token,
      body: { graph: validGraph, revision: wf.draft_revision },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe(`"r${wf.draft_revision + 1}"`);
    const stale = await call(`/api/v1/workflows/${wf.id}/draft`, {
      method: "PUT",
      token: owner.token,
      body: { graph: validGraph, revision: wf.draft_revision },
    });
    expect(stale.status).toBe(409);
    expect((await jsonOf(stale)).error.details).toEqual({
      your_revision: wf.draft_revision,
      current_revision: wf.draft_revision + 1,
    });
    const staleHeader = await call(`/api/v1/workflows/${wf.id}/draft`, {
      method: "PUT",
      token: owner.token,
      body: { graph: validGraph },
      headers: { "If-Match": `"r${wf.draft_revision}"` },
    });
    expect(staleHeader.status).toBe(409);
    const noRevision = await call(`/api/v1/workflows/${wf.id}/draft`, {
      method: "PUT",
      token: owner.token,
      body: { graph: validGraph },
    });
    expect(noRevision.status).toBe(412);
  });

  it("lets a viewer read but not write", async () => {
    const wf = await createWorkflow();
    expect((await call(`/api/v1/workflows/${wf.id}`, { token: viewer.token })).status).toBe(200);
    const save = await call(`/api/v1/workflows/${wf.id}/draft`, {
      method: "PUT",
      token: viewer.token,
      body: { graph: validGraph, revision: 1 },
    });
    expect(save.status).toBe(403);
  });

  it("lists with search, tags and cursor pagination", async () => {
    const tag = `t${Date.now()}`;
    for (const name of ["Alpha invoices", "Beta invoices", "Gamma reports"]) {
      await createWorkflow({ name, tags: [tag] });
    }
    const found = await jsonOf(await call(`/api/v1/workflows?q=invoices&tag=${tag}`, { token: owner.token }));
    expect(found.items.map((w: any) => w.name).sort()).toEqual(["Alpha invoices", "Beta invoices"]);
    const page1 = await jsonOf(await call(`/api/v1/workflows?tag=${tag}&limit=2`, { token: owner.token }));
    expect(page1.items).toHaveLength(2);
    const page2 = await jsonOf(
      await call(`/api/v1/workflows?tag=${tag}&limit=2&cursor=${page1.next_cursor}`, { token: owner.token }),
    );
    expect(page2.items).toHaveLength(1);
    expect(page2.next_cursor).toBeNull();
    const percent = await jsonOf(await call(`/api/v1/workflows?q=%25`, { token: owner.token }));
    expect(percent.items).toHaveLength(0);
  });

  it("clones, archives (published) or deletes (never published), exports and imports", async () => {
    const wf = await createWorkflow({ name: "Exportable", tags: ["x"] });
    const copy = await jsonOf(await call(`/api/v1/workflows/${wf.id}/clone`, { method: "POST", token: owner.token }));
    expect(copy.name).toBe("Exportable (copy)");
    expect(copy.draft.graph).toEqual(wf.draft.graph);

    const exported = await call(`/api/v1/workflows/${wf.id}/export`, { token: owner.token });
    expect(exported.headers.get("content-disposition")).toMatch(/attachment; filename="Exportable.fluxo.json"/);
    const file = await jsonOf(exported);
    expect(file).toMatchObject({ format: "fluxo.workflow", format_version: 1, name: "Exportable", tags: ["x"] });
    const imported = await call("/api/v1/workflows/import", { token: owner.token, body: file });
    expect(imported.status).toBe(201);
    expect((await jsonOf(imported)).draft.graph).toEqual(file.graph);
    const badFile = await call("/api/v1/workflows/import", { token: owner.token, body: { format: "other" } });
    expect(badFile.status).toBe(400);

    expect((await call(`/api/v1/workflows/${copy.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await call(`/api/v1/workflows/${copy.id}`, { token: owner.token })).status).toBe(404);

    await call(`/api/v1/workflows/${wf.id}/versions`, { method: "POST", token: owner.token });
    expect((await call(`/api/v1/workflows/${wf.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    const archived = await jsonOf(await call(`/api/v1/workflows/${wf.id}`, { token: owner.token }));
    expect(archived.status).toBe("archived");
    expect((await call(`/api/v1/workflows/${wf.id}/versions/1`, { token: owner.token })).status).toBe(200);
    const active = await jsonOf(await call("/api/v1/workflows?limit=100", { token: owner.token }));
    expect(active.items.map((w: any) => w.id)).not.toContain(wf.id);
  });
});
