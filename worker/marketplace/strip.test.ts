import { describe, expect, it } from "vitest";
import { validateGraph } from "../engine/graph/validate";
import { SETUP_PLACEHOLDER, stripSnapshot } from "./strip";

const PUBLISHER_IDS = ["conn_org_a_1", "conn_org_a_2", "wf_org_a_sub", "usr_org_a_alice", "sk_live_abcdef123456"];

const graph = {
  nodes: [
    {
      id: "fetch",
      type: "http",
      position: { x: 10, y: 20 },
      config: {
        method: "POST",
        url: "https://api.example.com/items?api_key=sk_live_abcdef123456&page=2",
        headers: { Authorization: "Bearer sk_live_abcdef123456", Accept: "application/json" },
        body: { client_secret: "shh", nested: { password: "pw", name: "ok" } },
        connection_id: "conn_org_a_1",
      },
    },
    {
      id: "ask",
      type: "llm",
      config: {
        connection_id: "conn_org_a_2",
        model: "m",
        messages: [{ role: "user", content: "hi" }],
        max_tokens: 100,
      },
    },
    { id: "child", type: "subworkflow", config: { workflow_id: "wf_org_a_sub" } },
    {
      id: "gate",
      type: "approval",
      config: { approvers: { roles: ["admin"], user_ids: ["usr_org_a_alice"] } },
    },
  ],
  edges: [
    { from: "fetch", to: "ask" },
    { from: "ask", to: "child" },
    { from: "child", to: "gate" },
  ],
  vars: { api_token: "tok-123456", region: "eu" },
};

describe("stripSnapshot", () => {
  const { graph: out, needs } = stripSnapshot(graph);
  const text = JSON.stringify(out);

  it("leaves no connection id, secret value or publisher id in the snapshot", () => {
    for (const secret of [...PUBLISHER_IDS, "shh", "tok-123456", '"pw"']) expect(text).not.toContain(secret);
  });

  it("lists each node that needs a connection, by node and type", () => {
    expect(needs.connections).toEqual([
      { node_id: "fetch", node_type: "http" },
      { node_id: "ask", node_type: "llm" },
    ]);
  });

  it("blanks secret-looking values and lists them as secrets to fill in", () => {
    const paths = needs.secrets.map((s) => s.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "nodes.0.config.url",
        "nodes.0.config.headers.Authorization",
        "nodes.0.config.body.client_secret",
        "nodes.0.config.body.nested.password",
        "vars.api_token",
      ]),
    );
    const fetch = (out.nodes as Array<Record<string, any>>)[0];
    expect(fetch?.config.headers).toEqual({ Authorization: "", Accept: "application/json" });
    expect(fetch?.config.url).toBe("https://api.example.com/items?api_key=&page=2");
    expect(fetch?.config.body.nested.name).toBe("ok");
    expect(fetch?.position).toEqual({ x: 10, y: 20 });
    expect(out.vars).toEqual({ api_token: "", region: "eu" });
  });

  it("keeps usage fields that only look like tokens", () => {
    const ask = (out.nodes as Array<Record<string, any>>)[1];
    expect(ask?.config.max_tokens).toBe(100);
  });

  it("replaces org-internal references and lists them", () => {
    expect(needs.references).toEqual([
      { node_id: "child", kind: "subworkflow" },
      { node_id: "gate", kind: "approver_users" },
    ]);
    const nodes = out.nodes as Array<Record<string, any>>;
    expect(nodes[2]?.config.workflow_id).toBe(SETUP_PLACEHOLDER);
    expect(nodes[3]?.config.approvers).toEqual({ roles: ["admin"] });
  });

  it("still produces a valid graph, so an install can publish version 1", () => {
    expect(validateGraph(graph, { maxNodes: 100 }).valid).toBe(true);
    expect(validateGraph(out, { maxNodes: 100 }).valid).toBe(true);
  });

  it("reports nothing to set up for a graph without secrets", () => {
    const clean = stripSnapshot({ nodes: [{ id: "a", type: "noop", config: {} }], edges: [] });
    expect(clean.needs).toEqual({ connections: [], secrets: [], references: [] });
    expect(clean.graph).toEqual({ nodes: [{ id: "a", type: "noop", config: {} }], edges: [] });
  });

  it("copes with a malformed graph without throwing", () => {
    expect(stripSnapshot(null).graph).toEqual({ nodes: [], edges: [] });
    expect(stripSnapshot({ nodes: ["x", 3], edges: "no" }).graph).toEqual({ nodes: [], edges: [] });
  });
});
