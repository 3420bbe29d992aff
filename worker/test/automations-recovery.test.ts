import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publishEvent } from "../automations/events";
import {
  createDestination,
  deliveryDetail,
  freshKey,
  received,
  receiver,
  runConsumer,
  waitFor,
  waitForStatus,
  worker,
} from "./automations-helpers";
import { call, jsonOf, registerOrg, type Session } from "./helpers";

/** Publishing with a queue that drops every message: as if `wrangler dev` stopped before they were consumed. */
const lostQueue = { DB: env.DB, DELIVERIES: { sendBatch: async () => {} } as unknown as Queue };

async function lostDelivery(owner: Session, type = "run.completed"): Promise<string> {
  const published = await publishEvent(lostQueue, { orgId: owner.orgId, type, payload: { n: 1 } });
  const id = published.deliveries[0]?.id;
  if (!id) throw new Error("no delivery was created");
  return id;
}

describe("no lost deliveries", () => {
  it("the minute sweeper re-sends a pending delivery whose queue message was lost", async () => {
    const owner = await registerOrg();
    const key = freshKey("sweep");
    await createDestination(owner, { url: `${receiver()}/ok/${key}` });
    const id = await lostDelivery(owner);
    expect((await deliveryDetail(owner, id)).status).toBe("pending");
    expect(await received(key)).toHaveLength(0);

    // The next cron tick, a minute later, finds it overdue.
    await worker.scheduled({ scheduledTime: Date.now() + 60_000, cron: "* * * * *" });
    await waitForStatus(owner, id, "succeeded");
    expect(await received(key)).toHaveLength(1);
  });

  it("the sweeper also rescues a delivery whose consumer died mid-attempt (expired lease)", async () => {
    const owner = await registerOrg();
    const key = freshKey("lease");
    await createDestination(owner, { url: `${receiver()}/ok/${key}` });
    const id = await lostDelivery(owner);
    await env.DB.prepare("UPDATE automation_deliveries SET status = 'delivering', lease_until = ? WHERE id = ?")
      .bind(Date.now() - 1000, id)
      .run();
    await worker.scheduled({ scheduledTime: Date.now(), cron: "* * * * *" });
    await waitForStatus(owner, id, "succeeded");
    expect(await received(key)).toHaveLength(1);
  });

  it("acks a duplicate message for a delivery that already succeeded, without sending", async () => {
    const owner = await registerOrg();
    const key = freshKey("dup");
    await createDestination(owner, { url: `${receiver()}/ok/${key}` });
    const id = await lostDelivery(owner);
    const first = await runConsumer(id);
    expect(first.explicitAcks).toHaveLength(1);
    expect((await deliveryDetail(owner, id)).status).toBe("succeeded");

    const duplicate = await runConsumer(id);
    expect(duplicate.explicitAcks).toHaveLength(1);
    expect(duplicate.retryMessages).toEqual([]);
    expect(await received(key)).toHaveLength(1);
    expect((await deliveryDetail(owner, id)).attempts).toBe(1);
  });

  it("asks the queue to retry after the scheduled delay, and ignores a message that comes early", async () => {
    const owner = await registerOrg();
    const key = freshKey("retry");
    await createDestination(owner, { url: `${receiver()}/fail/${key}` });
    const id = await lostDelivery(owner);
    const result = await runConsumer(id);
    expect(result.retryMessages).toEqual([{ msgId: expect.any(String), delaySeconds: 1 }]);
    const detail = await deliveryDetail(owner, id);
    expect(detail).toMatchObject({ status: "failed_retrying", attempts: 1, last_status_code: 500 });

    // Pretend the retry is far off: an extra message now must not send early.
    await env.DB.prepare("UPDATE automation_deliveries SET next_attempt_at = ? WHERE id = ?")
      .bind(Date.now() + 3600_000, id)
      .run();
    const early = await runConsumer(id);
    expect(early.explicitAcks).toHaveLength(1);
    expect(await received(key)).toHaveLength(1);
  });

  it("the dead-letter queue marks a delivery dead, but never one that succeeded", async () => {
    const owner = await registerOrg();
    await createDestination(owner, { url: `${receiver()}/ok/${freshKey("dlq")}` });
    const pending = await lostDelivery(owner);
    const dlq = await runConsumer(pending, "deliveries-dlq", 6);
    expect(dlq.explicitAcks).toHaveLength(1);
    expect(await deliveryDetail(owner, pending)).toMatchObject({
      status: "dead",
      last_error: expect.stringContaining("dead-letter"),
    });

    const done = await lostDelivery(owner);
    await runConsumer(done);
    await runConsumer(done, "deliveries-dlq", 6);
    expect((await deliveryDetail(owner, done)).status).toBe("succeeded");
  });

  it("records a timeout when the receiver never answers", async () => {
    const owner = await registerOrg();
    const key = freshKey("hang");
    await createDestination(owner, { url: `${receiver()}/hang/${key}` });
    const id = await lostDelivery(owner);
    const result = await runConsumer(id);
    expect(result.retryMessages).toHaveLength(1);
    const [attempt] = (await deliveryDetail(owner, id)).attempt_log;
    expect(attempt).toMatchObject({ outcome: "failed", status_code: null, error_code: "timeout" });
    expect(attempt.error).toMatch(/timed out|did not respond/);
  });

  it("gives up at once on a URL the network policy refuses", async () => {
    const owner = await registerOrg();
    const destination = await createDestination(owner, { url: `${receiver()}/ok/${freshKey("blocked")}` });
    await env.DB.prepare("UPDATE automation_destinations SET url = 'http://169.254.169.254/latest' WHERE id = ?")
      .bind(destination.id)
      .run();
    const id = await lostDelivery(owner);
    const result = await runConsumer(id);
    expect(result.retryMessages).toEqual([]);
    const detail = await deliveryDetail(owner, id);
    expect(detail).toMatchObject({ status: "dead", attempts: 1 });
    expect(detail.attempt_log[0]).toMatchObject({ error_code: "network_blocked" });
  });

  it("ends deliveries to a destination that was disabled or deleted meanwhile", async () => {
    const owner = await registerOrg();
    const destination = await createDestination(owner, { url: `${receiver()}/ok/${freshKey("gone")}` });
    const id = await lostDelivery(owner);
    await call(`/api/v1/automations/destinations/${destination.id}`, {
      method: "PATCH",
      token: owner.token,
      body: { enabled: false },
    });
    await runConsumer(id);
    expect(await deliveryDetail(owner, id)).toMatchObject({
      status: "dead",
      attempts: 0,
      last_error: expect.stringContaining("disabled"),
    });
    const redeliver = await call(`/api/v1/automations/deliveries/${id}/redeliver`, {
      token: owner.token,
      method: "POST",
    });
    expect(redeliver.status).toBe(409);
  });
});

describe("the delivery log", () => {
  it("pages with a cursor and filters by status and event type", async () => {
    const owner = await registerOrg();
    await createDestination(owner, { url: `${receiver()}/ok/${freshKey("page")}` });
    const ids = [await lostDelivery(owner), await lostDelivery(owner, "step.failed"), await lostDelivery(owner)];
    const first = await jsonOf(await call("/api/v1/automations/deliveries?limit=2", { token: owner.token }));
    expect(first.items).toHaveLength(2);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await jsonOf(
      await call(`/api/v1/automations/deliveries?limit=2&cursor=${first.next_cursor}`, { token: owner.token }),
    );
    expect(second).toMatchObject({ next_cursor: null });
    expect([...first.items, ...second.items].map((d: any) => d.id).sort()).toEqual([...ids].sort());

    const failed = await jsonOf(
      await call("/api/v1/automations/deliveries?event_type=step.failed&status=pending", { token: owner.token }),
    );
    expect(failed.items.map((d: any) => d.id)).toEqual([ids[1]]);
    const bad = await call("/api/v1/automations/deliveries?cursor=garbage", { token: owner.token });
    expect(bad.status).toBe(400);
    const stranger = await registerOrg("stranger");
    expect((await call(`/api/v1/automations/deliveries/${ids[0]}`, { token: stranger.token })).status).toBe(404);
    expect(
      (await call(`/api/v1/automations/deliveries/${ids[0]}/redeliver`, { token: stranger.token, method: "POST" }))
        .status,
    ).toBe(404);
  });
});

describe("auto-disable", () => {
  it("disables a destination whose every attempt failed for the period, audits why and emits destination.disabled", async () => {
    const owner = await registerOrg();
    const failing = await createDestination(owner, {
      url: `${receiver()}/fail/${freshKey("sick")}`,
      event_types: ["run.failed"],
    });
    const opsKey = freshKey("ops");
    await createDestination(owner, { url: `${receiver()}/ok/${opsKey}`, event_types: ["destination.*"] });
    // It has been failing for 25 hours, 30 attempts in a row (defaults: 24 h and 10 attempts).
    await env.DB.prepare("UPDATE automation_destinations SET failing_since = ?, consecutive_failures = 30 WHERE id = ?")
      .bind(Date.now() - 25 * 3600_000, failing.id)
      .run();

    const id = await lostDelivery(owner, "run.failed");
    await runConsumer(id);

    const after = await jsonOf(await call(`/api/v1/automations/destinations/${failing.id}`, { token: owner.token }));
    expect(after).toMatchObject({ enabled: false, disabled_reason: "auto", consecutive_failures: 31 });
    expect(after.disabled_message).toContain("24 hours");

    const audit = await jsonOf(
      await call(`/api/v1/audit?action=destination.auto_disabled&target_id=${failing.id}`, { token: owner.token }),
    );
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actor_type: "system", metadata: { consecutive_failures: 31 } });

    const [ops] = await waitFor("the destination.disabled event", async () => {
      const got = await received(opsKey);
      return got.length > 0 ? got : undefined;
    });
    expect(JSON.parse(ops!.body)).toMatchObject({
      type: "destination.disabled",
      payload: { destination_id: failing.id, reason: after.disabled_message },
    });

    // A healthy streak is not disabled, and re-enabling (an admin action) starts a fresh period.
    const enabled = await jsonOf(
      await call(`/api/v1/automations/destinations/${failing.id}`, {
        method: "PATCH",
        token: owner.token,
        body: { enabled: true },
      }),
    );
    expect(enabled).toMatchObject({ enabled: true, failing_since: null, consecutive_failures: 0 });
  });
});
