import { beforeAll, describe, expect, it } from "vitest";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import { publishWorkflow, terminal, waitForRun } from "./run-helpers";
import { auditOf, createTrigger, hook, runsOf, signedHook } from "./triggers-helpers";

let owner: Session;
let workflowId: string;

const ORDER_FLOW = {
  nodes: [
    { id: "a", type: "noop", config: {} },
    { id: "total", type: "transform", config: { expression: "input.amount * 2" } },
  ],
  edges: [{ from: "a", to: "total" }],
  input_schema: {
    type: "object",
    required: ["order_id"],
    properties: { order_id: { type: "string" }, amount: { type: "number" } },
  },
};

beforeAll(async () => {
  owner = await registerOrg("hooks");
  workflowId = await publishWorkflow(owner, ORDER_FLOW, "Orders");
});

async function expectUnauthorized(res: Response, message: RegExp | string) {
  expect(res.status).toBe(401);
  const body = await jsonOf(res);
  expect(body.error.code).toBe("unauthorized");
  if (typeof message === "string") expect(body.error.message).toBe(message);
  else expect(body.error.message).toMatch(message);
}

describe("webhook trigger management", () => {
  it("creates a trigger with a URL and a secret shown once; lists and reads never show it", async () => {
    const trigger = await createTrigger(owner, workflowId, { name: "shop" });
    expect(trigger.id).toMatch(/^trg_/);
    expect(trigger.url).toBe(`https://fluxo.test/hooks/${trigger.id}`);
    expect(trigger.secret).toMatch(/^hooksec_/);
    expect(trigger.secret_mask).toBe(`hooksec_…${trigger.secret.slice(-4)}`);
    expect(trigger).toMatchObject({ mode: "async", rate_limit_per_minute: 60, enabled: true, debounce_ms: null });

    const list = await jsonOf(await call(`/api/v1/workflows/${workflowId}/triggers`, { token: owner.token }));
    expect(list.items.map((t: any) => t.id)).toContain(trigger.id);
    const one = await jsonOf(
      await call(`/api/v1/workflows/${workflowId}/triggers/${trigger.id}`, { token: owner.token }),
    );
    expect(JSON.stringify([list, one])).not.toContain(trigger.secret);
  });

  it("rotating the secret stops the old one at once; deleting stops the URL", async () => {
    const trigger = await createTrigger(owner, workflowId);
    const rotated = await jsonOf(
      await call(`/api/v1/workflows/${workflowId}/triggers/${trigger.id}/rotate`, {
        method: "POST",
        token: owner.token,
      }),
    );
    expect(rotated.secret).not.toBe(trigger.secret);
    await expectUnauthorized(
      await hook(trigger.id, { order_id: "r1" }, { secret: trigger.secret }),
      "Invalid webhook credentials",
    );
    expect((await hook(trigger.id, { order_id: "r1" }, { secret: rotated.secret })).status).toBe(202);

    const removed = await call(`/api/v1/workflows/${workflowId}/triggers/${trigger.id}`, {
      method: "DELETE",
      token: owner.token,
    });
    expect(removed.status).toBe(204);
    await expectUnauthorized(
      await hook(trigger.id, { order_id: "r2" }, { secret: rotated.secret }),
      "Invalid webhook credentials",
    );
  });

  it("a disabled trigger answers like a wrong secret", async () => {
    const trigger = await createTrigger(owner, workflowId, { enabled: false });
    await expectUnauthorized(
      await hook(trigger.id, { order_id: "d1" }, { secret: trigger.secret }),
      "Invalid webhook credentials",
    );
    const patched = await call(`/api/v1/workflows/${workflowId}/triggers/${trigger.id}`, {
      method: "PATCH",
      token: owner.token,
      body: { enabled: true },
    });
    expect((await jsonOf(patched)).enabled).toBe(true);
    expect((await hook(trigger.id, { order_id: "d1" }, { secret: trigger.secret })).status).toBe(202);
  });
});

describe("POST /hooks/:trigger_id", () => {
  it("starts a run with the body as input when the secret header is right", async () => {
    const trigger = await createTrigger(owner, workflowId);
    const res = await hook(trigger.id, { order_id: "o-1", amount: 21 }, { secret: trigger.secret });
    expect(res.status).toBe(202);
    const accepted = await jsonOf(res);
    expect(accepted).toMatchObject({ created: true });
    const run = await waitForRun(owner, accepted.run_id, terminal);
    expect(run.status).toBe("completed");
    expect(run.input).toEqual({ order_id: "o-1", amount: 21 });
    expect(run.output).toEqual({ total: 42 });
    expect(run.trigger).toEqual({ type: "webhook", data: { trigger_id: trigger.id, auth: "secret" } });

    const started = (await auditOf(owner, "run.started")).find((e) => e.target_id === accepted.run_id);
    expect(started).toMatchObject({ actor_type: "webhook", actor_id: trigger.id });
  });

  it("accepts an HMAC signature over timestamp and raw body", async () => {
    const trigger = await createTrigger(owner, workflowId);
    const res = await signedHook(trigger.id, '{ "order_id": "signed-1",  "amount": 1 }', trigger.secret);
    expect(res.status).toBe(202);
    const run = await waitForRun(owner, (await jsonOf(res)).run_id, terminal);
    expect(run.trigger.data.auth).toBe("signature");
  });

  it("refuses a bad secret, a bad signature, a stale timestamp and an unknown trigger, starting nothing", async () => {
    const flow = await publishWorkflow(owner, ORDER_FLOW, "Refusals");
    const trigger = await createTrigger(owner, flow);
    const body = '{"order_id":"x"}';

    await expectUnauthorized(await hook(trigger.id, body, { secret: "hooksec_wrong" }), "Invalid webhook credentials");
    await expectUnauthorized(await signedHook(trigger.id, body, "hooksec_wrong"), "Invalid webhook credentials");
    const tampered = await hook(trigger.id, '{"order_id":"y"}', {
      headers: {
        "x-fluxo-timestamp": String(Math.floor(Date.now() / 1000)),
        "x-fluxo-signature": (await signedHeaders(trigger.secret, body))["x-fluxo-signature"],
      },
    });
    await expectUnauthorized(tampered, "Invalid webhook credentials");
    const stale = await signedHook(trigger.id, body, trigger.secret, Math.floor(Date.now() / 1000) - 301);
    await expectUnauthorized(stale, /timestamp is too old/);
    await expectUnauthorized(
      await hook("trg_doesnotexist000000", body, { secret: trigger.secret }),
      "Invalid webhook credentials",
    );
    await expectUnauthorized(await hook(trigger.id, body), /Send the trigger's secret in X-Fluxo-Secret/);

    expect(await runsOf(owner, flow)).toEqual([]);
    // Refusals for an existing trigger are audited, as the webhook actor.
    const failures = (await auditOf(owner, "webhook.auth_failed")).filter((e) => e.target_id === trigger.id);
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures[0]).toMatchObject({ actor_type: "webhook", target_type: "webhook_trigger" });
    expect(failures.map((e) => e.metadata.reason)).toEqual(expect.arrayContaining(["mismatch", "stale"]));
  });

  it("an unknown trigger and a wrong secret get byte-identical answers apart from the request id", async () => {
    const trigger = await createTrigger(owner, workflowId);
    const strip = async (res: Response) => {
      const body = await jsonOf(res);
      delete body.error.request_id;
      return { status: res.status, body };
    };
    const wrong = await strip(await hook(trigger.id, {}, { secret: "hooksec_guess" }));
    const missing = await strip(await hook("trg_0000000000000000000", {}, { secret: "hooksec_guess" }));
    expect(missing).toEqual(wrong);
  });

  it("refuses a body that doesn't match the input schema (400) or isn't an object, starting nothing", async () => {
    const flow = await publishWorkflow(owner, ORDER_FLOW, "Bad bodies");
    const trigger = await createTrigger(owner, flow);
    const invalid = await hook(trigger.id, { amount: "lots" }, { secret: trigger.secret });
    expect(invalid.status).toBe(400);
    const error = (await jsonOf(invalid)).error;
    expect(error.code).toBe("validation_failed");
    expect(error.details.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(["input"]));
    expect((await hook(trigger.id, "[1,2]", { secret: trigger.secret })).status).toBe(400);
    expect((await hook(trigger.id, "{not json", { secret: trigger.secret })).status).toBe(400);
    expect(await runsOf(owner, flow)).toEqual([]);
  });

  it("returns the same run for a repeated Idempotency-Key", async () => {
    const trigger = await createTrigger(owner, workflowId);
    const send = () =>
      hook(trigger.id, { order_id: "idem" }, { secret: trigger.secret, headers: { "Idempotency-Key": "evt-123" } });
    const first = await jsonOf(await send());
    const second = await jsonOf(await send());
    expect(second.run_id).toBe(first.run_id);
    expect([first.created, second.created]).toEqual([true, false]);
    const other = await jsonOf(
      await hook(
        trigger.id,
        { order_id: "idem" },
        { secret: trigger.secret, headers: { "Idempotency-Key": "evt-124" } },
      ),
    );
    expect(other.run_id).not.toBe(first.run_id);
  });

  it("coalesces calls inside a debounce window into one run", async () => {
    const trigger = await createTrigger(owner, workflowId, { debounce_ms: 86_400_000 });
    const first = await jsonOf(await hook(trigger.id, { order_id: "deb-1" }, { secret: trigger.secret }));
    const second = await jsonOf(await hook(trigger.id, { order_id: "deb-2" }, { secret: trigger.secret }));
    expect(second.run_id).toBe(first.run_id);
    expect(second.created).toBe(false);
  });

  it("answers 429 with Retry-After past the trigger's rate limit", async () => {
    const trigger = await createTrigger(owner, workflowId, { rate_limit_per_minute: 2 });
    for (let i = 0; i < 2; i++) {
      expect((await hook(trigger.id, { order_id: `rl-${i}` }, { secret: trigger.secret })).status).toBe(202);
    }
    const limited = await hook(trigger.id, { order_id: "rl-3" }, { secret: trigger.secret });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await jsonOf(limited)).error.code).toBe("rate_limited");
  });

  it("in sync mode answers 200 with the run's output", async () => {
    const trigger = await createTrigger(owner, workflowId, { mode: "sync", sync_timeout_ms: 10_000 });
    const res = await hook(trigger.id, { order_id: "sync-1", amount: 5 }, { secret: trigger.secret });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ status: "completed", output: { total: 10 }, error: null });
    expect(body.run_id).toMatch(/^run_/);
  });

  it("in sync mode answers 202 with the run id when the run outlasts the timeout", async () => {
    const slow = await publishWorkflow(owner, {
      nodes: [{ id: "wait", type: "delay", config: { duration_ms: 3_000 } }],
      edges: [],
    });
    const trigger = await createTrigger(owner, slow, { mode: "sync", sync_timeout_ms: 200 });
    const res = await hook(trigger.id, {}, { secret: trigger.secret });
    expect(res.status).toBe(202);
    expect((await jsonOf(res)).run_id).toMatch(/^run_/);
  });
});

async function signedHeaders(secret: string, body: string) {
  const { signWebhook } = await import("../triggers/webhook-auth");
  const timestamp = Math.floor(Date.now() / 1000);
  return { "x-fluxo-timestamp": String(timestamp), "x-fluxo-signature": await signWebhook(secret, timestamp, body) };
}
