import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publishEvent } from "../automations/events";
import {
  createDestination,
  deliveryDetail,
  freshKey,
  received,
  receiver,
  registerSecrets,
  sendTest,
  testSecret,
  waitFor,
  waitForStatus,
} from "./automations-helpers";
import { call, jsonOf, registerOrg } from "./helpers";

describe("signed delivery through the queue", () => {
  it("delivers a signed event that a verifying receiver accepts", async () => {
    const owner = await registerOrg();
    const key = freshKey("verify");
    const secret = testSecret();
    await registerSecrets(key, [secret]);
    await createDestination(owner, { url: `${receiver()}/verify/${key}`, secret, event_types: ["run.*"] });

    const eventId = `run_1:completed:${key}`;
    const published = await publishEvent(env, {
      orgId: owner.orgId,
      type: "run.completed",
      payload: { run_id: "run_1", status: "completed" },
      eventId,
      correlationId: "corr-123",
    });
    expect(published).toMatchObject({ eventId, duplicate: false });
    expect(published.deliveries).toHaveLength(1);

    const detail = await waitForStatus(owner, published.deliveries[0]!.id, "succeeded");
    expect(detail.attempt_log).toHaveLength(1);
    expect(detail.attempt_log[0]).toMatchObject({ attempt: 1, round: 1, outcome: "succeeded", status_code: 200 });
    expect(detail).toMatchObject({ last_status_code: 200, next_attempt_at: null, attempts: 1 });

    const [request] = await received(key);
    expect(request!.verified).toBe(true);
    expect(JSON.parse(request!.body)).toEqual({
      event_id: eventId,
      tenant_id: owner.orgId,
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      type: "run.completed",
      payload: { run_id: "run_1", status: "completed" },
    });
    expect(request!.headers).toMatchObject({
      "x-fluxo-event-id": eventId,
      "x-fluxo-tenant-id": owner.orgId,
      "x-correlation-id": "corr-123",
      "x-fluxo-signature": expect.stringMatching(/^v1=[0-9a-f]{64}$/),
      "x-fluxo-timestamp": expect.stringMatching(/^\d{10}$/),
    });
  });

  it("retries a receiver that answers 500 twice and delivers on the third attempt, logging each", async () => {
    const owner = await registerOrg();
    const key = freshKey("flaky");
    const destination = await createDestination(owner, { url: `${receiver()}/flaky-2/${key}` });
    const { delivery_id } = await sendTest(owner, destination.id);

    const detail = await waitForStatus(owner, delivery_id, "succeeded", 20_000);
    const log = detail.attempt_log;
    expect(log.map((a: any) => [a.attempt, a.outcome, a.status_code])).toEqual([
      [1, "failed", 500],
      [2, "failed", 500],
      [3, "succeeded", 200],
    ]);
    expect(log[0].error).toContain("HTTP 500");
    // Each failure says when the next attempt is due (the configured delay, 1 s in tests), and it waited for it.
    for (const [i, failed] of log.slice(0, 2).entries()) {
      expect(Date.parse(failed.next_retry_at)).toBeGreaterThan(Date.parse(failed.started_at));
      expect(Date.parse(log[i + 1].started_at)).toBeGreaterThanOrEqual(Date.parse(failed.next_retry_at) - 1000);
    }
    expect(log[2].next_retry_at).toBeNull();
    expect(await received(key)).toHaveLength(3);
    const body = JSON.parse((await received(key))[0]!.body);
    expect(body).toMatchObject({ type: "destination.test", payload: { destination_id: destination.id } });
  });

  it("ends dead after the sixth failed attempt, and redeliver sends it again", { timeout: 40_000 }, async () => {
    const owner = await registerOrg();
    const key = freshKey("dead");
    // Answers 500 to the whole first round (6 attempts), then 200.
    const destination = await createDestination(owner, { url: `${receiver()}/flaky-6/${key}` });
    const { delivery_id } = await sendTest(owner, destination.id);

    const dead = await waitForStatus(owner, delivery_id, "dead", 30_000);
    expect(dead.attempts).toBe(6);
    expect(dead.attempt_log.map((a: any) => a.status_code)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(dead.attempt_log.at(-1).next_retry_at).toBeNull();
    expect(dead.next_attempt_at).toBeNull();
    expect(dead.last_error).toContain("HTTP 500");
    expect(await received(key)).toHaveLength(6);

    const listed = await jsonOf(
      await call(`/api/v1/automations/deliveries?status=dead&destination_id=${destination.id}`, { token: owner.token }),
    );
    expect(listed.items.map((d: any) => d.id)).toEqual([delivery_id]);

    const redeliver = await call(`/api/v1/automations/deliveries/${delivery_id}/redeliver`, {
      token: owner.token,
      method: "POST",
    });
    expect(redeliver.status).toBe(202);
    const again = await waitForStatus(owner, delivery_id, "succeeded");
    expect(again.attempt_log.at(-1)).toMatchObject({ attempt: 7, round: 2, outcome: "succeeded", status_code: 200 });
    expect(await received(key)).toHaveLength(7);

    const audit = await jsonOf(await call(`/api/v1/audit?target_id=${delivery_id}`, { token: owner.token }));
    expect(audit.items.map((e: any) => e.action)).toEqual(["delivery.redelivered"]);
  });

  it("creates one delivery per matching enabled destination, once per event id", async () => {
    const owner = await registerOrg();
    const key = freshKey("fanout");
    const runs = await createDestination(owner, { url: `${receiver()}/ok/${key}`, event_types: ["run.*"] });
    const all = await createDestination(owner, { url: `${receiver()}/ok/${key}`, event_types: ["*"] });
    await createDestination(owner, { url: `${receiver()}/ok/${key}`, event_types: ["step.failed"] });
    await createDestination(owner, { url: `${receiver()}/ok/${key}`, event_types: ["*"], enabled: false });
    const other = await registerOrg("other");
    await createDestination(other, { url: `${receiver()}/ok/${key}`, event_types: ["*"] });

    const input = { orgId: owner.orgId, type: "run.failed", payload: { run_id: "r" }, eventId: `evt-${key}` };
    const first = await publishEvent(env, input);
    expect(first.deliveries.map((d) => d.destinationId).sort()).toEqual([runs.id, all.id].sort());
    const repeat = await publishEvent(env, { ...input, payload: { changed: true } });
    expect(repeat).toMatchObject({ duplicate: true, deliveries: [] });

    await waitFor("both deliveries", async () => (await received(key)).length === 2);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM automation_deliveries WHERE event_id = ?")
      .bind(`evt-${key}`)
      .first<{ n: number }>();
    expect(rows!.n).toBe(2);
    // The first payload is what was stored and sent.
    expect(JSON.parse((await received(key))[0]!.body).payload).toEqual({ run_id: "r" });
  });

  it("refuses event types that aren't valid", async () => {
    const owner = await registerOrg();
    await expect(publishEvent(env, { orgId: owner.orgId, type: "Not Valid", payload: {} })).rejects.toThrow(
      /not a valid event type/,
    );
  });

  it("signs with both secrets during a rotation's grace period", async () => {
    const owner = await registerOrg();
    const key = freshKey("rotate");
    const oldSecret = testSecret();
    const destination = await createDestination(owner, { url: `${receiver()}/verify/${key}`, secret: oldSecret });
    const rotated = await jsonOf(
      await call(`/api/v1/automations/destinations/${destination.id}/rotate-secret`, {
        token: owner.token,
        body: { grace_period_seconds: 3600 },
      }),
    );
    // A receiver that still only knows the old secret keeps verifying…
    await registerSecrets(key, [oldSecret]);
    await waitForStatus(owner, (await sendTest(owner, destination.id)).delivery_id, "succeeded");
    // …and one that switched to the new secret verifies too.
    await registerSecrets(key, [rotated.secret]);
    await waitForStatus(owner, (await sendTest(owner, destination.id)).delivery_id, "succeeded");
    const requests = await received(key);
    expect(requests.map((r) => r.verified)).toEqual([true, true]);
    expect(requests[0]!.headers["x-fluxo-signature"]).toMatch(/^v1=[0-9a-f]{64} v1=[0-9a-f]{64}$/);

    // Without a grace period the old secret stops at once.
    await call(`/api/v1/automations/destinations/${destination.id}/rotate-secret`, {
      token: owner.token,
      body: { grace_period_seconds: 0, secret: testSecret() },
    });
    await registerSecrets(key, [rotated.secret]);
    const { delivery_id } = await sendTest(owner, destination.id);
    await waitFor("the refused attempt", async () => (await deliveryDetail(owner, delivery_id)).attempts >= 1);
    expect((await received(key)).at(-1)!.verified).toBe(false);
    await call(`/api/v1/automations/destinations/${destination.id}`, {
      method: "PATCH",
      token: owner.token,
      body: { enabled: false },
    });
  });

  it("won't test-send to a disabled destination", async () => {
    const owner = await registerOrg();
    const destination = await createDestination(owner, { url: `${receiver()}/ok/x`, enabled: false });
    const res = await call(`/api/v1/automations/destinations/${destination.id}/test`, {
      token: owner.token,
      method: "POST",
    });
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).error.message).toContain("disabled");
  });
});
