import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDestination, receiver, testSecret } from "./automations-helpers";
import { addMember, call, jsonOf, registerOrg } from "./helpers";

const BASE = "/api/v1/automations/destinations";

describe("destinations", () => {
  it("creates with a generated secret shown once, then only masked everywhere", async () => {
    const owner = await registerOrg();
    const created = await createDestination(owner, {
      url: `${receiver()}/ok/a`,
      name: "CRM",
      event_types: ["run.*", "step.failed", "run.*"],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.secret_masked).toBe(`whsec_…${created.secret!.slice(-4)}`);
    expect(created).toMatchObject({ name: "CRM", enabled: true, event_types: ["run.*", "step.failed"] });

    const list = await call(BASE, { token: owner.token });
    const one = await call(`${BASE}/${created.id}`, { token: owner.token });
    for (const res of [list, one]) {
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).not.toContain(created.secret!);
      expect(text).toContain(created.secret_masked);
    }
    // Stored encrypted (v1:k1:…), never in clear.
    const row = await env.DB.prepare("SELECT * FROM automation_destinations WHERE id = ?")
      .bind(created.id)
      .first<Record<string, string>>();
    expect(row!.secret_ciphertext).toMatch(/^v1:k1:/);
    expect(JSON.stringify(row)).not.toContain(created.secret!.slice(6));
  });

  it("never returns a supplied secret, not even on creation", async () => {
    const owner = await registerOrg();
    const secret = testSecret();
    const res = await call(BASE, { token: owner.token, body: { name: "Mine", url: `${receiver()}/ok/b`, secret } });
    const text = await res.text();
    expect(res.status).toBe(201);
    expect(text).not.toContain(secret);
    expect(JSON.parse(text).secret).toBeUndefined();
  });

  it("refuses URLs the network policy blocks, and bad input, with field-level errors", async () => {
    const owner = await registerOrg();
    for (const url of ["http://169.254.169.254/latest", "http://10.0.0.5/hook", "ftp://example.com/x", "not a url"]) {
      const res = await call(BASE, { token: owner.token, body: { name: "x", url } });
      expect(res.status).toBe(400);
      const body = await jsonOf(res);
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details.issues[0].path).toBe("url");
    }
    const bad = await call(BASE, {
      token: owner.token,
      body: { name: "x", url: "https://example.com", event_types: ["run*"], secret: "short" },
    });
    expect(bad.status).toBe(400);
    const paths = (await jsonOf(bad)).error.details.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["event_types.0", "secret"]));
  });

  it("updates, disables and re-enables (clearing an automatic disable), and audits each change", async () => {
    const owner = await registerOrg();
    const created = await createDestination(owner, { url: `${receiver()}/ok/c` });
    await env.DB.prepare(
      "UPDATE automation_destinations SET enabled = 0, disabled_reason = 'auto', disabled_message = 'failing', failing_since = 1, consecutive_failures = 40 WHERE id = ?",
    )
      .bind(created.id)
      .run();
    const enabled = await jsonOf(
      await call(`${BASE}/${created.id}`, { method: "PATCH", token: owner.token, body: { enabled: true } }),
    );
    expect(enabled).toMatchObject({
      enabled: true,
      disabled_reason: null,
      disabled_message: null,
      failing_since: null,
      consecutive_failures: 0,
    });
    const renamed = await call(`${BASE}/${created.id}`, {
      method: "PATCH",
      token: owner.token,
      body: { name: "Renamed", event_types: ["approval.requested"] },
    });
    expect(await jsonOf(renamed)).toMatchObject({ name: "Renamed", event_types: ["approval.requested"] });
    const disabled = await jsonOf(
      await call(`${BASE}/${created.id}`, { method: "PATCH", token: owner.token, body: { enabled: false } }),
    );
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: "manual" });
    expect((await call(`${BASE}/${created.id}`, { method: "PATCH", token: owner.token, body: {} })).status).toBe(400);

    const audit = await jsonOf(await call(`/api/v1/audit?target_id=${created.id}`, { token: owner.token }));
    expect(audit.items.map((e: any) => e.action)).toEqual([
      "destination.disabled",
      "destination.updated",
      "destination.enabled",
      "destination.created",
    ]);
    expect(audit.items[2].metadata.previous_disabled_reason).toBe("auto");
  });

  it("rotates the secret, keeping the old one for the grace period, and never shows either in full", async () => {
    const owner = await registerOrg();
    const first = testSecret();
    const created = await createDestination(owner, { url: `${receiver()}/ok/d`, secret: first });
    const res = await call(`${BASE}/${created.id}/rotate-secret`, {
      token: owner.token,
      body: { grace_period_seconds: 3600 },
    });
    expect(res.status).toBe(200);
    const rotated = await jsonOf(res);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.previous_secret_masked).toBe(created.secret_masked);
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.now()).toBeGreaterThan(3500_000);
    expect(JSON.stringify(rotated)).not.toContain(first);

    const immediate = await jsonOf(
      await call(`${BASE}/${created.id}/rotate-secret`, { token: owner.token, body: { grace_period_seconds: 0 } }),
    );
    expect(immediate.previous_secret_masked).toBeNull();
    const audit = await jsonOf(await call(`/api/v1/audit?action=destination.secret_rotated`, { token: owner.token }));
    expect(audit.items).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  });

  it("lets viewers read but not change, and keeps each org's destinations to itself", async () => {
    const owner = await registerOrg();
    const viewer = await addMember(owner, "viewer");
    const created = await createDestination(owner, { url: `${receiver()}/ok/e` });
    expect((await call(BASE, { token: viewer.token })).status).toBe(200);
    const denied = await call(BASE, { token: viewer.token, body: { name: "x", url: "https://example.com" } });
    expect(denied.status).toBe(403);
    expect((await call(`${BASE}/${created.id}/test`, { token: viewer.token, method: "POST" })).status).toBe(403);

    const stranger = await registerOrg("stranger");
    expect((await call(`${BASE}/${created.id}`, { token: stranger.token })).status).toBe(404);
    expect(
      (await call(`${BASE}/${created.id}`, { method: "PATCH", token: stranger.token, body: { enabled: false } }))
        .status,
    ).toBe(404);
    expect((await call(`${BASE}/${created.id}`, { method: "DELETE", token: stranger.token })).status).toBe(404);
    expect((await jsonOf(await call(BASE, { token: stranger.token }))).items).toEqual([]);
    expect((await call(BASE)).status).toBe(401);
  });

  it("deletes: gone from the list, and the secret is dropped from the row", async () => {
    const owner = await registerOrg();
    const created = await createDestination(owner, { url: `${receiver()}/ok/f` });
    expect((await call(`${BASE}/${created.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await call(`${BASE}/${created.id}`, { token: owner.token })).status).toBe(404);
    const row = await env.DB.prepare("SELECT secret_ciphertext, deleted_at FROM automation_destinations WHERE id = ?")
      .bind(created.id)
      .first<{ secret_ciphertext: string; deleted_at: number }>();
    expect(row).toMatchObject({ secret_ciphertext: "" });
    expect(row!.deleted_at).toBeGreaterThan(0);
  });

  it("answers on the /v1/automations alias too", async () => {
    const owner = await registerOrg();
    const created = await createDestination(owner, { url: `${receiver()}/ok/g` });
    const res = await call(`/v1/automations/destinations/${created.id}`, { token: owner.token });
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).id).toBe(created.id);
    expect((await call("/v1/automations/nothing-here", { token: owner.token })).status).toBe(404);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const doc = await jsonOf(await call("/api/openapi.json"));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/automations/destinations",
        "/api/v1/automations/destinations/{id}/rotate-secret",
        "/api/v1/automations/deliveries",
        "/api/v1/automations/deliveries/{id}/redeliver",
        "/api/v1/automations/callbacks",
      ]),
    );
  });
});
