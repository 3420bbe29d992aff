/**
 * Connections through the API and in runs: CRUD, write-only responses, an http step that sends a
 * connection's credentials while no step snapshot, event, log line or audit entry shows them,
 * preflight blocking a missing or expired connection, and an OAuth2 refresh against the fixture.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";
import {
  fixture,
  fixtureRequests,
  getSteps,
  publishWorkflow,
  startRun,
  terminal,
  uniqueKey,
  waitForRun,
} from "./run-helpers";

let owner: Session;
beforeAll(async () => {
  owner = await registerOrg("connections");
});

async function createConnection(session: Session, body: unknown) {
  const res = await call("/api/v1/connections", { token: session.token, body });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : null };
}

/** Everything a user can read about a run, as one string. */
async function runTranscript(runId: string): Promise<string> {
  const parts = await Promise.all(
    ["", "/steps", "/events", "/logs"].map(async (suffix) =>
      call(`/api/v1/runs/${runId}${suffix}`, { token: owner.token }).then((r) => r.text()),
    ),
  );
  return parts.join("\n");
}

describe("connections API", () => {
  it("creates, lists, reads, renames and deletes a connection without ever returning its secret", async () => {
    const secret = "sk_live_crud_ABCDEFGHIJKLMNOP1234";
    const created = await createConnection(owner, {
      name: "Stripe",
      base_url: "https://api.stripe.com/v1",
      credentials: { type: "bearer", token: secret },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: "Stripe",
      type: "bearer",
      base_url: "https://api.stripe.com/v1",
      status: "ok",
      last_used_at: null,
    });
    expect(created.json.hint).toBe("sk_…1234");
    const id = created.json.id as string;

    const list = await call("/api/v1/connections", { token: owner.token });
    const read = await call(`/api/v1/connections/${id}`, { token: owner.token });
    const patched = await call(`/api/v1/connections/${id}`, {
      method: "PATCH",
      token: owner.token,
      body: { name: "Stripe live", credentials: { type: "bearer", token: "sk_live_rotated_QRSTUVWXYZ5678" } },
    });
    const bodies = [created.text, await list.text(), await read.text(), await patched.text()];
    for (const body of bodies) {
      expect(body).not.toContain(secret);
      expect(body).not.toContain("sk_live_rotated_QRSTUVWXYZ5678");
      expect(body).not.toMatch(/ciphertext|"v1:k1:/);
    }
    expect(JSON.parse(bodies[3]!)).toMatchObject({ name: "Stripe live", hint: "sk_…5678" });

    const audit = await call("/api/v1/audit", { token: owner.token }).then((r) => r.text());
    expect(audit).toContain("connection.created");
    expect(audit).toContain("connection.updated");
    expect(audit).not.toContain(secret);

    expect((await call(`/api/v1/connections/${id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await call(`/api/v1/connections/${id}`, { token: owner.token })).status).toBe(404);
    expect(await call("/api/v1/audit", { token: owner.token }).then((r) => r.text())).toContain("connection.deleted");
  });

  it("refuses a duplicate name, a bad body, and writes by a viewer", async () => {
    const body = { name: "Dup", credentials: { type: "api_key", api_key: "k-1234567890abcdef" } };
    expect((await createConnection(owner, body)).status).toBe(201);
    expect((await createConnection(owner, body)).status).toBe(409);
    expect((await createConnection(owner, { name: "x", credentials: { type: "bearer" } })).status).toBe(400);
    expect((await createConnection(owner, { name: "x", credentials: { type: "magic", token: "t" } })).status).toBe(400);
    const viewer = await addMember(owner, "viewer");
    expect((await createConnection(viewer, { ...body, name: "Nope" })).status).toBe(403);
    // Reading is fine for any member, and still shows no secret.
    const list = await call("/api/v1/connections", { token: viewer.token });
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain("k-1234567890abcdef");
  });

  it("tests a connection by calling a URL with its credentials and reports only the status", async () => {
    const key = uniqueKey("conntest");
    const { json } = await createConnection(owner, {
      name: `Test ${key}`,
      credentials: { type: "headers", headers: { "X-Custom-Auth": "custom-secret-value-9876" } },
    });
    expect(json.hint).toBe("X-Custom-Auth");
    const res = await call(`/api/v1/connections/${json.id}/test`, {
      token: owner.token,
      body: { url: `${fixture()}/echo/${key}` },
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ ok: true, status: 200 });
    expect(text).not.toContain("custom-secret-value-9876");
    const [seen] = await fixtureRequests(key);
    expect(seen?.headers["x-custom-auth"]).toBe("custom-secret-value-9876");
  });

  it("keeps a pinned connection's credentials under its base URL: tests elsewhere and moving the pin are refused", async () => {
    const key = uniqueKey("pinned");
    const { json } = await createConnection(owner, {
      name: `Pinned ${key}`,
      base_url: `${fixture()}/echo/`,
      credentials: { type: "bearer", token: "pinned-secret-5555" },
    });
    const elsewhere = await call(`/api/v1/connections/${json.id}/test`, {
      token: owner.token,
      body: { url: `${fixture()}/users/${key}` },
    });
    expect(elsewhere.status).toBe(400);
    expect((await jsonOf(elsewhere)).error.code).toBe("connection_scope");
    expect(await fixtureRequests(key)).toHaveLength(0);

    const moved = await call(`/api/v1/connections/${json.id}`, {
      method: "PATCH",
      token: owner.token,
      body: { base_url: `${fixture()}/users/` },
    });
    expect(moved.status).toBe(400);
    expect((await jsonOf(moved)).error.code).toBe("secret_required");
    const movedWithSecret = await call(`/api/v1/connections/${json.id}`, {
      method: "PATCH",
      token: owner.token,
      body: { base_url: `${fixture()}/users/`, credentials: { type: "bearer", token: "pinned-secret-6666" } },
    });
    expect(movedWithSecret.status).toBe(200);
    expect((await jsonOf(movedWithSecret)).base_url).toBe(`${fixture()}/users/`);
  });
});

describe("connections in runs", () => {
  it("sends the connection's header to the API while steps, events, logs and errors never show it", async () => {
    const secret = "tok_run_secret_ZYXWVUTSRQPONM42";
    const { json: conn } = await createConnection(owner, {
      name: uniqueKey("run-bearer"),
      credentials: { type: "bearer", token: secret },
    });
    const key = uniqueKey("connecho");
    const wf = await publishWorkflow(owner, {
      nodes: [
        {
          id: "call",
          type: "http",
          config: { method: "POST", url: `${fixture()}/echo/${key}`, body: { hi: 1 }, connection_id: conn.id },
        },
        // A failing step that uses the connection too: its error must not quote the token either.
        { id: "fail", type: "http", config: { method: "GET", url: `${fixture()}/status/404`, connection_id: conn.id } },
      ],
      edges: [{ from: "call", to: "fail" }],
    });
    // The worker and its run objects log through `console` in this isolate: capture every line they write.
    const lines: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      }),
    );
    let run: any;
    let runId: string;
    try {
      runId = await startRun(owner, wf);
      run = await waitForRun(owner, runId, terminal);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(run.status).toBe("failed");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(secret);
    const [seen] = await fixtureRequests(key);
    expect(seen?.headers.authorization).toBe(`Bearer ${secret}`);
    const steps = await getSteps(owner, runId);
    expect(steps.find((s) => s.node_id === "call")?.status).toBe("succeeded");
    const transcript = await runTranscript(runId);
    expect(transcript).toContain("call");
    expect(transcript).not.toContain(secret);
    // The connection records its use.
    const after = await jsonOf(await call(`/api/v1/connections/${conn.id}`, { token: owner.token }));
    expect(after.last_used_at).not.toBeNull();
  });

  it("puts a run whose step needs a missing connection in needs_review", async () => {
    const wf = await publishWorkflow(owner, {
      nodes: [
        {
          id: "call",
          type: "http",
          config: { method: "GET", url: `${fixture()}/users/x`, connection_id: "con_missing" },
        },
      ],
      edges: [],
    });
    const runId = await startRun(owner, wf);
    const run = await waitForRun(owner, runId, (r) => r.status === "needs_review");
    expect(JSON.stringify(run)).toContain("connection_missing");
    const preflight = await jsonOf(await call(`/api/v1/workflows/${wf}/preflight`, { token: owner.token, body: {} }));
    expect(preflight.issues.map((i: { code: string }) => i.code)).toContain("connection_missing");
  });

  it("treats an expired OAuth2 token without a refresh token as missing", async () => {
    const { json: conn } = await createConnection(owner, {
      name: uniqueKey("expired"),
      credentials: {
        type: "oauth2",
        access_token: "expired-access-token-1234567",
        expires_at: "2020-01-01T00:00:00.000Z",
      },
    });
    expect(conn.status).toBe("expired");
    const wf = await publishWorkflow(owner, {
      nodes: [
        { id: "call", type: "http", config: { method: "GET", url: `${fixture()}/users/y`, connection_id: conn.id } },
      ],
      edges: [],
    });
    const preflight = await jsonOf(await call(`/api/v1/workflows/${wf}/preflight`, { token: owner.token, body: {} }));
    expect(preflight.blocking_count).toBeGreaterThan(0);
    expect(preflight.issues.map((i: { code: string }) => i.code)).toContain("connection_missing");
  });

  it("refreshes an expired OAuth2 token through its token URL, sends the new one and re-seals it", async () => {
    const key = uniqueKey("oauth");
    const { json: conn } = await createConnection(owner, {
      name: `OAuth ${key}`,
      credentials: {
        type: "oauth2",
        access_token: "stale-access-token-abcdefgh",
        refresh_token: "first-refresh-token-abcdefgh",
        expires_at: "2020-01-01T00:00:00.000Z",
        token_url: `${fixture()}/oauth/${key}/token`,
        client_id: "fluxo-client",
        client_secret: "client-secret-value-abcdefgh",
      },
    });
    expect(conn.status).toBe("ok");
    const echo = uniqueKey("oauthecho");
    const wf = await publishWorkflow(owner, {
      nodes: [
        {
          id: "one",
          type: "http",
          config: { method: "GET", url: `${fixture()}/echo/${echo}`, connection_id: conn.id },
        },
        {
          id: "two",
          type: "http",
          config: { method: "GET", url: `${fixture()}/echo/${echo}`, connection_id: conn.id },
        },
      ],
      edges: [{ from: "one", to: "two" }],
    });
    const run = await waitForRun(owner, await startRun(owner, wf), terminal);
    expect(run.status).toBe("completed");
    const exchanges = await fixtureRequests(key);
    // One refresh: the second step uses the token the first one stored.
    expect(exchanges).toHaveLength(1);
    const form = new URLSearchParams(exchanges[0]!.body);
    expect(form.get("refresh_token")).toBe("first-refresh-token-abcdefgh");
    expect(form.get("client_id")).toBe("fluxo-client");
    const calls = await fixtureRequests(echo);
    expect(calls.map((c) => c.headers.authorization)).toEqual([
      `Bearer fresh-access-${key}-1`,
      `Bearer fresh-access-${key}-1`,
    ]);
    const after = await jsonOf(await call(`/api/v1/connections/${conn.id}`, { token: owner.token }));
    expect(Date.parse(after.expires_at)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(after)).not.toContain("fresh-access");
    const transcript = await runTranscript(run.id ?? run.run_id);
    expect(transcript).not.toContain(`fresh-access-${key}`);
    expect(transcript).not.toContain("stale-access-token-abcdefgh");
  });
});
