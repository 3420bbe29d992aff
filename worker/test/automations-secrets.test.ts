import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createDestination,
  freshKey,
  postCallback,
  receiver,
  registerSecrets,
  sendTest,
  testSecret,
  waitForStatus,
} from "./automations-helpers";
import { call, registerOrg } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("signing secrets stay secret", () => {
  it("appear in no response, log line, delivery log or audit event", async () => {
    const lines: string[] = [];
    for (const method of ["log", "info", "warn", "error"] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
        original(...args);
      });
    }
    const owner = await registerOrg();
    const key = freshKey("secret");
    const supplied = testSecret();
    const destination = await createDestination(owner, { url: `${receiver()}/verify/${key}`, secret: supplied });
    const rotatedRes = await call(`/api/v1/automations/destinations/${destination.id}/rotate-secret`, {
      token: owner.token,
      body: { grace_period_seconds: 600 },
    });
    const generated: string = (await rotatedRes.json<{ secret: string }>()).secret;
    await registerSecrets(key, [generated]);

    const { delivery_id } = await sendTest(owner, destination.id);
    await waitForStatus(owner, delivery_id, "succeeded");
    const callback = {
      destination_id: destination.id,
      tenant_id: owner.orgId,
      event_id: "evt-secret",
      action: "add_comment",
      params: { target: "t", body: "hello" },
    };
    expect((await postCallback(callback, generated)).status).toBe(200);
    expect((await postCallback({ ...callback, event_id: "evt-2" }, "whsec_wrong-wrong-wrong-wrong")).status).toBe(401);

    const responses = await Promise.all(
      [
        "/api/v1/automations/destinations",
        `/api/v1/automations/destinations/${destination.id}`,
        "/api/v1/automations/deliveries",
        `/api/v1/automations/deliveries/${delivery_id}`,
        "/api/v1/audit",
      ].map(async (path) => (await call(path, { token: owner.token })).text()),
    );
    const tables = await Promise.all(
      [
        "automation_deliveries",
        "automation_delivery_attempts",
        "automation_events",
        "audit_events",
        "automation_callback_receipts",
      ].map(async (table) => JSON.stringify((await env.DB.prepare(`SELECT * FROM ${table}`).all()).results)),
    );

    expect(lines.some((line) => line.includes("deliveries: attempt"))).toBe(true); // the logs were captured
    for (const secret of [supplied, generated]) {
      const body = secret.slice("whsec_".length);
      for (const text of [...lines, ...responses, ...tables]) expect(text).not.toContain(body);
    }
  });
});
