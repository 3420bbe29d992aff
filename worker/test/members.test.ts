import { describe, expect, it } from "vitest";
import { addMember, call, jsonOf, login, registerOrg, STRONG_PASSWORD, uniqueEmail } from "./helpers";

describe("members and invites", () => {
  it("invites by one-time link, joins, and audits both", async () => {
    const owner = await registerOrg();
    const email = uniqueEmail("invitee");
    const inv = await call("/api/v1/members/invites", { token: owner.token, body: { email, role: "operator" } });
    expect(inv.status).toBe(201);
    const invite = await jsonOf(inv);
    expect(invite.invite_url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = invite.invite_url.split("/").pop();
    const pending = await jsonOf(await call("/api/v1/members/invites", { token: owner.token }));
    expect(pending.items.map((i: any) => i.email)).toContain(email);
    expect(JSON.stringify(pending)).not.toContain(token);

    const joined = await call("/api/v1/auth/accept-invite", {
      body: { token, name: "New Op", password: STRONG_PASSWORD },
    });
    expect(joined.status).toBe(200);
    expect((await jsonOf(joined)).role).toBe("operator");
    const again = await call("/api/v1/auth/accept-invite", {
      body: { token, name: "New Op", password: STRONG_PASSWORD },
    });
    expect(again.status).toBe(404);

    const audit = await jsonOf(await call("/api/v1/audit?limit=100", { token: owner.token }));
    const actions = audit.items.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["member.invited", "member.joined"]));
  });

  it("an existing user joins a second org and can switch between them", async () => {
    const first = await registerOrg("multi");
    const other = await registerOrg("other");
    const inv = await jsonOf(
      await call("/api/v1/members/invites", { token: other.token, body: { email: first.email, role: "viewer" } }),
    );
    const token = inv.invite_url.split("/").pop();
    const wrong = await call("/api/v1/auth/accept-invite", { body: { token, password: "wrong-password-zz9" } });
    expect(wrong.status).toBe(401);
    const joined = await call("/api/v1/auth/accept-invite", { body: { token, password: STRONG_PASSWORD } });
    expect(joined.status).toBe(200);

    const session = await login(first.email);
    const me = await jsonOf(await call("/api/v1/me", { token: session.token }));
    expect(me.orgs).toHaveLength(2);
    const switched = await call(`/api/v1/orgs/${other.orgId}/switch`, { method: "POST", token: session.token });
    expect(switched.status).toBe(200);
    const body = await jsonOf(switched);
    expect(body).toMatchObject({ org: { id: other.orgId }, role: "viewer" });
    const meThere = await jsonOf(await call("/api/v1/me", { token: body.access_token }));
    expect(meThere.org.id).toBe(other.orgId);

    // Browsers switch on the auth path, where the refresh cookie travels: the old session ends.
    const again = await login(first.email);
    const viaAuth = await call("/api/v1/auth/switch-org", {
      token: again.token,
      body: { org_id: other.orgId },
      headers: { cookie: `fluxo_refresh=${again.refresh}` },
    });
    expect(viaAuth.status).toBe(200);
    const stale = await call("/api/v1/auth/refresh", {
      method: "POST",
      headers: { cookie: `fluxo_refresh=${again.refresh}` },
    });
    expect(stale.status).toBe(401);
    expect((await call("/api/v1/auth/switch-org", { token: again.token, body: { org_id: "org_nope" } })).status).toBe(
      404,
    );
  });

  it("changes roles, protects owners and the last owner, and takes effect at once", async () => {
    const owner = await registerOrg();
    const admin = await addMember(owner, "admin");
    const viewer = await addMember(owner, "viewer");

    const promote = await call(`/api/v1/members/${viewer.userId}`, {
      method: "PATCH",
      token: admin.token,
      body: { role: "operator" },
    });
    expect(promote.status).toBe(200);
    expect((await jsonOf(promote)).role).toBe("operator");
    // The existing access token now carries the new role (read fresh on every request).
    expect((await jsonOf(await call("/api/v1/me", { token: viewer.token }))).role).toBe("operator");

    const grantOwner = await call(`/api/v1/members/${viewer.userId}`, {
      method: "PATCH",
      token: admin.token,
      body: { role: "owner" },
    });
    expect(grantOwner.status).toBe(403);
    const removeOwner = await call(`/api/v1/members/${owner.userId}`, { method: "DELETE", token: admin.token });
    expect(removeOwner.status).toBe(403);
    const demoteLast = await call(`/api/v1/members/${owner.userId}`, {
      method: "PATCH",
      token: owner.token,
      body: { role: "admin" },
    });
    expect(demoteLast.status).toBe(409);

    const removed = await call(`/api/v1/members/${viewer.userId}`, { method: "DELETE", token: admin.token });
    expect(removed.status).toBe(204);
    expect((await call("/api/v1/me", { token: viewer.token })).status).toBe(401);

    const audit = await jsonOf(await call("/api/v1/audit?action=member.role_changed", { token: owner.token }));
    expect(audit.items[0]).toMatchObject({ target_id: viewer.userId, metadata: { from: "viewer", to: "operator" } });
  });
});

describe("organization settings", () => {
  it("only owners change settings, and the change is audited", async () => {
    const owner = await registerOrg();
    const admin = await addMember(owner, "admin");
    const denied = await call("/api/v1/orgs/current", { method: "PATCH", token: admin.token, body: { name: "Nope" } });
    expect(denied.status).toBe(403);
    const res = await call("/api/v1/orgs/current", {
      method: "PATCH",
      token: owner.token,
      body: { name: "Renamed", settings: { limits: { max_nodes_per_workflow: 80 } } },
    });
    expect(res.status).toBe(200);
    const org = await jsonOf(res);
    expect(org.name).toBe("Renamed");
    expect(org.limits.max_nodes_per_workflow).toBe(80);
    expect(org.limits.run_timeout_ms).toBe(1_800_000);
    const audit = await jsonOf(await call("/api/v1/audit?action=org.settings_changed", { token: owner.token }));
    expect(audit.items).toHaveLength(1);
  });
});
