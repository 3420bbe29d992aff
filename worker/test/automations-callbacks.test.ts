import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDestination, hmacHex, postCallback, receiver, testSecret } from "./automations-helpers";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import { publishWorkflow, terminal, waitForRun } from "./run-helpers";

async function setup(): Promise<{ owner: Session; destinationId: string; secret: string }> {
  const owner = await registerOrg();
  const secret = testSecret();
  const destination = await createDestination(owner, { url: `${receiver()}/ok/cb`, secret });
  return { owner, destinationId: destination.id, secret };
}

function comment(owner: Session, destinationId: string, eventId: string, extra: Record<string, unknown> = {}) {
  return {
    destination_id: destinationId,
    tenant_id: owner.orgId,
    event_id: eventId,
    action: "add_comment",
    params: { target: "ticket-42", body: "Customer called back", author: "Zapier" },
    ...extra,
  };
}

describe("signed callbacks", () => {
  it("runs add_comment once; the same callback again gets the same answer without running again", async () => {
    const { owner, destinationId, secret } = await setup();
    const body = comment(owner, destinationId, "evt-once");
    const first = await postCallback(body, secret);
    expect(first.status).toBe(200);
    const firstText = await first.text();
    expect(JSON.parse(firstText)).toMatchObject({
      action: "add_comment",
      status: "executed",
      result: { comment: { target: "ticket-42", body: "Customer called back", author: "Zapier" } },
    });

    const repeat = await postCallback(body, secret);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get("x-fluxo-replayed")).toBe("true");
    expect(await repeat.text()).toBe(firstText);

    const comments = await jsonOf(await call("/api/v1/automations/comments?target=ticket-42", { token: owner.token }));
    expect(comments.items).toHaveLength(1);
    expect(comments.items[0].source).toBe(`callback:${destinationId}`);

    const audit = await jsonOf(await call("/api/v1/audit?action=callback.executed", { token: owner.token }));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actor_type: "webhook",
      actor_id: destinationId,
      metadata: { action: "add_comment", dedupe_key: "evt-once", status: 200 },
    });
  });

  it("dedupes by correlation_id when there is no event_id, and on the /v1 alias", async () => {
    const { owner, destinationId, secret } = await setup();
    const body = { ...comment(owner, destinationId, ""), event_id: undefined, correlation_id: "corr-7" };
    delete body.event_id;
    const path = "/v1/automations/callbacks";
    expect((await postCallback(body, secret, { path })).status).toBe(200);
    expect((await postCallback(body, secret, { path })).headers.get("x-fluxo-replayed")).toBe("true");
    const comments = await jsonOf(await call("/api/v1/automations/comments?target=ticket-42", { token: owner.token }));
    expect(comments.items).toHaveLength(1);
  });

  it("rejects a wrong signature, an old or future timestamp, and a missing signature", async () => {
    const { owner, destinationId, secret } = await setup();
    const body = comment(owner, destinationId, "evt-bad");
    const wrong = await postCallback(body, "whsec_not-the-right-secret-at-all");
    expect(wrong.status).toBe(401);
    expect((await jsonOf(wrong)).error).toMatchObject({ code: "unauthorized", details: { reason: "mismatch" } });

    const old = await postCallback(body, secret, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(old.status).toBe(401);
    expect((await jsonOf(old)).error.details.reason).toBe("timestamp_out_of_window");
    const future = await postCallback(body, secret, { timestamp: Math.floor(Date.now() / 1000) + 600 });
    expect(future.status).toBe(401);

    const unsigned = await call("/api/v1/automations/callbacks", { body });
    expect(unsigned.status).toBe(401);
    expect((await jsonOf(unsigned)).error.details.reason).toBe("missing_signature");

    // A body changed after signing.
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v1=${await hmacHex(secret, `${timestamp}.evt-bad.${owner.orgId}.${JSON.stringify(body)}`)}`;
    const tampered = await call("/api/v1/automations/callbacks", {
      body: JSON.stringify({ ...body, params: { ...body.params, body: "changed" } }),
      headers: { "X-Fluxo-Timestamp": String(timestamp), "X-Fluxo-Signature": signature },
    });
    expect(tampered.status).toBe(401);
    // None of these ran.
    const comments = await jsonOf(await call("/api/v1/automations/comments?target=ticket-42", { token: owner.token }));
    expect(comments.items).toEqual([]);
  });

  it("rejects another tenant's destination, an unknown one, and a disabled one", async () => {
    const mine = await setup();
    const theirs = await setup();
    // Naming their destination: my secret doesn't sign for it.
    const foreign = await postCallback(comment(mine.owner, theirs.destinationId, "evt-x"), mine.secret);
    expect(foreign.status).toBe(401);
    // My destination, signed with my secret, but claiming their tenant.
    const claimed = await postCallback(
      { ...comment(mine.owner, mine.destinationId, "evt-y"), tenant_id: theirs.owner.orgId },
      mine.secret,
    );
    expect(claimed.status).toBe(403);
    expect((await jsonOf(claimed)).error.message).toContain("doesn't belong");

    const unknown = await postCallback(comment(mine.owner, "dst_nope", "evt-z"), mine.secret);
    expect(unknown.status).toBe(404);

    await call(`/api/v1/automations/destinations/${mine.destinationId}`, {
      method: "PATCH",
      token: mine.owner.token,
      body: { enabled: false },
    });
    const disabled = await postCallback(comment(mine.owner, mine.destinationId, "evt-d"), mine.secret);
    expect(disabled.status).toBe(403);
    expect((await jsonOf(disabled)).error.message).toContain("disabled");
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE org_id IN (?, ?)")
      .bind(mine.owner.orgId, theirs.owner.orgId)
      .first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });

  it("accepts the previous secret during a rotation", async () => {
    const { owner, destinationId, secret } = await setup();
    await call(`/api/v1/automations/destinations/${destinationId}/rotate-secret`, {
      token: owner.token,
      body: { grace_period_seconds: 600 },
    });
    expect((await postCallback(comment(owner, destinationId, "evt-rot"), secret)).status).toBe(200);
  });

  it("answers run actions honestly while runs don't exist, and stores that answer", async () => {
    const { owner, destinationId, secret } = await setup();
    for (const [action, params] of [
      ["resume_run", { run_id: "run_missing" }],
      ["approve", { run_id: "run_missing", comment: "ok" }],
      ["reject", { run_id: "run_missing" }],
      ["signal", { event_name: "payment.received", correlation_key: "order-1" }],
      ["start_workflow", { workflow_id: "wf_missing" }],
    ] as const) {
      const body = { destination_id: destinationId, tenant_id: owner.orgId, event_id: `evt-${action}`, action, params };
      const res = await postCallback(body, secret);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe("not_found");
      const again = await postCallback(body, secret);
      expect(again.headers.get("x-fluxo-replayed")).toBe("true");
      expect(await again.text()).toBe(text);
    }
    const audit = await jsonOf(await call("/api/v1/audit?action=callback.executed", { token: owner.token }));
    expect(audit.items).toHaveLength(5);
    expect(audit.items.every((e: any) => e.metadata.error_code === "not_found")).toBe(true);
  });

  it("starts a workflow once, approves a waiting run and signals a waiting step through callbacks", async () => {
    const { owner, destinationId, secret } = await setup();
    const gate = await publishWorkflow(owner, {
      nodes: [
        { id: "gate", type: "approval", config: {} },
        {
          id: "hear",
          type: "wait_event",
          config: { event_name: "shipment.arrived", correlation_key: "{{ input.order }}" },
        },
      ],
      edges: [{ from: "gate", to: "hear" }],
    });
    const base = { destination_id: destinationId, tenant_id: owner.orgId };
    // start_workflow: executed once; the repeat answers the stored reply (same run id).
    const start = {
      ...base,
      event_id: "evt-start",
      action: "start_workflow",
      params: { workflow_id: gate, input: { order: "o-7" } },
    };
    const first = await postCallback(start, secret);
    expect(first.status).toBe(200);
    const started = await jsonOf(first);
    const repeat = await postCallback(start, secret);
    expect(repeat.headers.get("x-fluxo-replayed")).toBe("true");
    expect((await jsonOf(repeat)).result.run_id).toBe(started.result.run_id);
    const runId = started.result.run_id as string;
    await waitForRun(owner, runId, (r) => r.status === "waiting" && r.wait_reason === "approval");
    // approve (no node id: the run's waiting approval).
    const approved = await postCallback(
      { ...base, event_id: "evt-approve", action: "approve", params: { run_id: runId, comment: "ok by ERP" } },
      secret,
    );
    expect(approved.status).toBe(200);
    await waitForRun(owner, runId, (r) => r.status === "waiting" && r.wait_reason === "event");
    // A signal with the wrong correlation key wakes nothing; the right one completes the run.
    const wrong = await postCallback(
      {
        ...base,
        event_id: "evt-sig-1",
        action: "signal",
        params: { event_name: "shipment.arrived", correlation_key: "o-8" },
      },
      secret,
    );
    expect(wrong.status).toBe(404);
    const right = await postCallback(
      {
        ...base,
        event_id: "evt-sig-2",
        action: "signal",
        params: { event_name: "shipment.arrived", correlation_key: "o-7", payload: { dock: 3 } },
      },
      secret,
    );
    expect(right.status).toBe(200);
    const run = await waitForRun(owner, runId, terminal);
    expect(run.status).toBe("completed");
    const audit = await jsonOf(await call(`/api/v1/audit?action=callback.executed`, { token: owner.token }));
    expect(audit.items.length).toBeGreaterThanOrEqual(3);
  });

  it("validates the action and its params after authenticating", async () => {
    const { owner, destinationId, secret } = await setup();
    const unknown = await postCallback(
      { destination_id: destinationId, tenant_id: owner.orgId, event_id: "evt-u", action: "delete_everything" },
      secret,
    );
    expect(unknown.status).toBe(400);
    expect((await jsonOf(unknown)).error.message).toContain("Unknown action");
    const badParams = await postCallback(
      { destination_id: destinationId, tenant_id: owner.orgId, event_id: "evt-p", action: "add_comment", params: {} },
      secret,
    );
    expect(badParams.status).toBe(400);
    const issues = (await jsonOf(badParams)).error.details.issues.map((i: any) => i.path);
    expect(issues).toEqual(expect.arrayContaining(["params.target", "params.body"]));

    const noKey = await postCallback({ destination_id: destinationId, tenant_id: owner.orgId, action: "x" }, secret);
    expect(noKey.status).toBe(400);
    const notJson = await call("/api/v1/automations/callbacks", { body: "{nope" });
    expect((await jsonOf(notJson)).error.code).toBe("malformed_json");
  });
});
