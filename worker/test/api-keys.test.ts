import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, jsonOf, registerOrg } from "./helpers";

describe("API keys", () => {
  it("shows the secret once, works like a token, and stops at once when revoked", async () => {
    const owner = await registerOrg();
    const created = await call("/api/v1/api-keys", {
      token: owner.token,
      body: { name: "CI deploys", role: "operator" },
    });
    expect(created.status).toBe(201);
    const key = await jsonOf(created);
    expect(key.secret).toMatch(/^fx_[0-9a-z]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 15));

    const me = await jsonOf(await call("/api/v1/me", { token: key.secret }));
    expect(me).toMatchObject({
      principal: { type: "api_key", id: key.id, name: "CI deploys" },
      role: "operator",
      user: null,
    });

    const list = await jsonOf(await call("/api/v1/api-keys", { token: owner.token }));
    expect(list.items).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(key.secret.slice(16));

    // An operator key can't do admin things.
    expect(
      (await call("/api/v1/members/invites", { token: key.secret, body: { email: "z@example.com", role: "viewer" } }))
        .status,
    ).toBe(403);

    expect((await call(`/api/v1/api-keys/${key.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    const after = await call("/api/v1/me", { token: key.secret });
    expect(after.status).toBe(401);
    expect((await jsonOf(after)).error.code).toBe("invalid_token");

    const audit = await jsonOf(await call("/api/v1/audit?target_type=api_key", { token: owner.token }));
    expect(audit.items.map((e: any) => e.action)).toEqual(["api_key.revoked", "api_key.created"]);
  });

  it("refuses keys above the creator's role, expired keys, and tampered keys", async () => {
    const owner = await registerOrg();
    const past = await call("/api/v1/api-keys", {
      token: owner.token,
      body: { name: "old", role: "viewer", expires_at: "2020-01-01T00:00:00.000Z" },
    });
    expect(past.status).toBe(400);
    const ownerKey = await call("/api/v1/api-keys", { token: owner.token, body: { name: "x", role: "owner" } });
    expect(ownerKey.status).toBe(400); // "owner" isn't an assignable key role

    const key = await jsonOf(
      await call("/api/v1/api-keys", { token: owner.token, body: { name: "soon", role: "viewer" } }),
    );
    await env.DB.prepare("UPDATE api_keys SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1000, key.id)
      .run();
    const expired = await call("/api/v1/me", { token: key.secret });
    expect(expired.status).toBe(401);
    expect((await jsonOf(expired)).error.code).toBe("token_expired");

    const tampered = `${key.secret.slice(0, -2)}xx`;
    expect((await call("/api/v1/me", { token: tampered })).status).toBe(401);
  });

  it("stores only a hash of the key", async () => {
    const owner = await registerOrg();
    const key = await jsonOf(
      await call("/api/v1/api-keys", { token: owner.token, body: { name: "h", role: "viewer" } }),
    );
    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?")
      .bind(key.id)
      .first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(key.secret);
    expect(JSON.stringify(row)).not.toContain(key.secret.slice(16));
  });
});
