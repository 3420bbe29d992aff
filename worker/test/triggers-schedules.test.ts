import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { claimSchedules } from "../db/repos/triggers-schedules";
import { planSchedule } from "../triggers/cron-plan";
import { waitFor, worker } from "./automations-helpers";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";
import { publishWorkflow } from "./run-helpers";
import { auditOf, runsOf } from "./triggers-helpers";

let owner: Session;
const NOOP = { nodes: [{ id: "a", type: "noop", config: {} }], edges: [] };
const MINUTE = 60_000;

beforeAll(async () => {
  owner = await registerOrg("sched");
});

function putSchedule(workflowId: string, body: Record<string, unknown>, token = owner.token) {
  return call(`/api/v1/workflows/${workflowId}/schedule`, { method: "PUT", token, body });
}

/** A published workflow with an every-minute schedule whose next_run_at is set to the last minute boundary. */
async function dueSchedule(name: string, policy: "skip" | "run_once" = "skip") {
  const workflowId = await publishWorkflow(owner, NOOP, name);
  const res = await putSchedule(workflowId, { cron: "* * * * *", timezone: "UTC", missed_run_policy: policy });
  expect(res.status).toBe(200);
  const row = await env.DB.prepare("SELECT id FROM schedules WHERE workflow_id = ?")
    .bind(workflowId)
    .first<{ id: string }>();
  if (!row) throw new Error("schedule row missing");
  const due = Math.floor(Date.now() / MINUTE) * MINUTE;
  await env.DB.prepare("UPDATE schedules SET next_run_at = ? WHERE id = ?").bind(due, row.id).run();
  return { workflowId, scheduleId: row.id, due };
}

const tick = (scheduledTime = Date.now()) => worker.scheduled({ scheduledTime, cron: "* * * * *" });

async function outbox(scheduleId: string) {
  const { results } = await env.DB.prepare("SELECT * FROM scheduled_starts WHERE schedule_id = ? ORDER BY due_at")
    .bind(scheduleId)
    .all<{ status: string; run_id: string | null; due_at: number; error: string | null }>();
  return results;
}

/** Waits until every outbox row of the schedule has been handled by the queue consumer. */
function settled(scheduleId: string) {
  return waitFor(`outbox of ${scheduleId} to settle`, async () => {
    const rows = await outbox(scheduleId);
    return rows.length > 0 && rows.every((r) => r.status !== "pending") ? rows : undefined;
  });
}

describe("schedule API", () => {
  it("stores a schedule and answers with its description and the next 5 UTC fire times", async () => {
    const workflowId = await publishWorkflow(owner, NOOP, "Morning report");
    const res = await putSchedule(workflowId, { cron: "0 9 * * *", timezone: "America/Sao_Paulo" });
    expect(res.status).toBe(200);
    const schedule = await jsonOf(res);
    expect(schedule).toMatchObject({
      cron: "0 9 * * *",
      timezone: "America/Sao_Paulo",
      enabled: true,
      missed_run_policy: "skip",
      description: "At 09:00",
      last_scheduled_run: null,
    });
    expect(schedule.next_runs).toHaveLength(5);
    // São Paulo has no DST: 09:00 local is always 12:00Z.
    expect(schedule.next_runs.every((t: string) => t.endsWith("T12:00:00.000Z"))).toBe(true);
    expect(schedule.next_run_at).toBe(schedule.next_runs[0]);

    const read = await jsonOf(await call(`/api/v1/workflows/${workflowId}/schedule`, { token: owner.token }));
    expect(read.cron).toBe("0 9 * * *");

    const disabled = await jsonOf(await putSchedule(workflowId, { cron: "@hourly", timezone: "UTC", enabled: false }));
    expect(disabled).toMatchObject({ enabled: false, next_run_at: null, description: "Every hour" });
  });

  it("refuses an invalid cron or time zone with 400 naming the field", async () => {
    const workflowId = await publishWorkflow(owner, NOOP, "Bad schedule");
    const badCron = await putSchedule(workflowId, { cron: "61 * * * *", timezone: "UTC" });
    expect(badCron.status).toBe(400);
    const cronError = (await jsonOf(badCron)).error;
    expect(cronError.code).toBe("validation_failed");
    expect(cronError.details.issues[0].path).toBe("cron");

    const badZone = await putSchedule(workflowId, { cron: "0 9 * * *", timezone: "Mars/Olympus" });
    expect(badZone.status).toBe(400);
    expect((await jsonOf(badZone)).error.details.issues[0].path).toBe("timezone");
    const seconds = await putSchedule(workflowId, { cron: "0 0 9 * * *", timezone: "UTC" });
    expect((await jsonOf(seconds)).error.details.issues[0].message).toMatch(/seconds/);
  });

  it("refuses to enable a schedule on a never-published workflow, and deletes one", async () => {
    const draft = await jsonOf(await call("/api/v1/workflows", { token: owner.token, body: { name: "draft" } }));
    expect((await putSchedule(draft.id, { cron: "@daily", timezone: "UTC" })).status).toBe(409);

    const workflowId = await publishWorkflow(owner, NOOP, "Short-lived");
    await putSchedule(workflowId, { cron: "@daily", timezone: "UTC" });
    const removed = await call(`/api/v1/workflows/${workflowId}/schedule`, { method: "DELETE", token: owner.token });
    expect(removed.status).toBe(204);
    expect((await call(`/api/v1/workflows/${workflowId}/schedule`, { token: owner.token })).status).toBe(404);
  });

  it("lets a viewer read a schedule but not change it", async () => {
    const viewer = await addMember(owner, "viewer");
    const workflowId = await publishWorkflow(owner, NOOP, "Viewer can look");
    await putSchedule(workflowId, { cron: "@daily", timezone: "UTC" });
    expect((await call(`/api/v1/workflows/${workflowId}/schedule`, { token: viewer.token })).status).toBe(200);
    expect((await putSchedule(workflowId, { cron: "@hourly", timezone: "UTC" }, viewer.token)).status).toBe(403);
  });
});

describe("the minute cron", () => {
  it("two concurrent invocations for the same minute start exactly one run per due schedule", async () => {
    const due = await Promise.all([dueSchedule("Tick A"), dueSchedule("Tick B"), dueSchedule("Tick C", "run_once")]);
    const now = Date.now();
    await Promise.all([tick(now), tick(now)]);

    for (const { workflowId, scheduleId, due: dueAt } of due) {
      const rows = await settled(scheduleId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: "done", due_at: dueAt });
      const runs = await runsOf(owner, workflowId);
      expect(runs).toHaveLength(1);
      expect(runs[0].id).toBe(rows[0]?.run_id);
      expect(runs[0].trigger_type).toBe("schedule");
      const run = await jsonOf(await call(`/api/v1/runs/${runs[0].id}`, { token: owner.token }));
      expect(run.trigger.data).toEqual({ schedule_id: scheduleId, scheduled_for: new Date(dueAt).toISOString() });

      const schedule = await jsonOf(await call(`/api/v1/workflows/${workflowId}/schedule`, { token: owner.token }));
      expect(schedule.last_scheduled_run).toBe(new Date(dueAt).toISOString());
      expect(Date.parse(schedule.next_run_at)).toBeGreaterThan(now);
    }

    // A retried tick for the same minute finds nothing due.
    await tick(now);
    for (const { workflowId } of due) expect(await runsOf(owner, workflowId)).toHaveLength(1);
  });

  it("a claim is a compare-and-set: of two identical claims for the same due time, exactly one holds", async () => {
    const { scheduleId, workflowId, due } = await dueSchedule("CAS");
    const row = {
      id: scheduleId,
      orgId: owner.orgId,
      workflowId,
      cron: "* * * * *",
      timezone: "UTC",
      missedRunPolicy: "skip" as const,
      nextRunAt: due,
    };
    const plan = planSchedule(row, due);
    const results = await Promise.all([claimSchedules(env.DB, [plan], due), claimSchedules(env.DB, [plan], due)]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 1]);
    expect(await outbox(scheduleId)).toHaveLength(1);
  });

  it("does not fire disabled schedules or schedules of archived workflows", async () => {
    const off = await dueSchedule("Switched off");
    await putSchedule(off.workflowId, { cron: "* * * * *", timezone: "UTC", enabled: false });
    // Even with a stale next_run_at left behind, a disabled schedule is not due.
    await env.DB.prepare("UPDATE schedules SET next_run_at = ? WHERE id = ?").bind(off.due, off.scheduleId).run();
    const archived = await dueSchedule("Archived");
    await call(`/api/v1/workflows/${archived.workflowId}/archive`, { method: "POST", token: owner.token });

    await tick();
    expect(await outbox(off.scheduleId)).toEqual([]);
    expect(await outbox(archived.scheduleId)).toEqual([]);
    // The archived workflow's schedule keeps its time; it fires (by its missed-run policy) once unarchived.
    const row = await env.DB.prepare("SELECT next_run_at FROM schedules WHERE id = ?")
      .bind(archived.scheduleId)
      .first<{ next_run_at: number }>();
    expect(row?.next_run_at).toBe(archived.due);
    expect(await runsOf(owner, off.workflowId)).toEqual([]);
    expect(await runsOf(owner, archived.workflowId)).toEqual([]);
  });

  it("skip drops a time missed during downtime; run_once starts one run for it", async () => {
    const HOUR = 60 * MINUTE;
    const hourly = async (name: string, policy: "skip" | "run_once") => {
      const workflowId = await publishWorkflow(owner, NOOP, name);
      await putSchedule(workflowId, { cron: "0 * * * *", timezone: "UTC", missed_run_policy: policy });
      const row = await env.DB.prepare("SELECT id FROM schedules WHERE workflow_id = ?")
        .bind(workflowId)
        .first<{ id: string }>();
      return row?.id ?? "";
    };
    const skip = await hourly("Skipper", "skip");
    const once = await hourly("Once", "run_once");
    const hour = Math.floor(Date.now() / HOUR) * HOUR;
    // Down for three hours: next_run_at is three fire times ago.
    await env.DB.prepare("UPDATE schedules SET next_run_at = ? WHERE id IN (?, ?)")
      .bind(hour - 3 * HOUR, skip, once)
      .run();
    // The tick comes 30 minutes after the latest fire time: far outside skip's 60 s grace.
    await tick(hour + 30 * MINUTE);
    expect(await outbox(skip)).toEqual([]);
    const next = await env.DB.prepare("SELECT next_run_at FROM schedules WHERE id = ?")
      .bind(skip)
      .first<{ next_run_at: number }>();
    expect(next?.next_run_at).toBe(hour + HOUR);
    const rows = await settled(once);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.due_at).toBe(hour);
  });

  it("re-sends an outbox row whose queue message was lost", async () => {
    const workflowId = await publishWorkflow(owner, NOOP, "Lost message");
    await putSchedule(workflowId, { cron: "@daily", timezone: "UTC" });
    const schedule = await env.DB.prepare("SELECT id, org_id FROM schedules WHERE workflow_id = ?")
      .bind(workflowId)
      .first<{ id: string; org_id: string }>();
    if (!schedule) throw new Error("no schedule");
    const due = Date.parse("2026-01-01T00:00:00Z");
    const lostAt = Date.now() - 3 * MINUTE;
    await env.DB.prepare(
      `INSERT INTO scheduled_starts (schedule_id, due_at, org_id, workflow_id, status, attempts, enqueued_at)
       VALUES (?, ?, ?, ?, 'pending', 0, ?)`,
    )
      .bind(schedule.id, due, schedule.org_id, workflowId, lostAt)
      .run();
    await tick();
    const [row] = await settled(schedule.id);
    expect(row).toMatchObject({ status: "done" });
    expect((await runsOf(owner, workflowId)).map((r) => r.id)).toEqual([row?.run_id]);
  });

  it("prunes finished outbox rows after a week, but never pending ones", async () => {
    const old = Date.now() - 8 * 24 * 60 * MINUTE;
    const insert = (id: string, status: string) =>
      env.DB.prepare(
        `INSERT INTO scheduled_starts (schedule_id, due_at, org_id, workflow_id, status, attempts, enqueued_at)
         VALUES (?, ?, 'org_x', 'wf_x', ?, 1, ?)`,
      )
        .bind(id, old, status, old)
        .run();
    await insert("sch_old_done", "done");
    await insert("sch_old_failed", "failed");
    await tick();
    expect(await outbox("sch_old_done")).toEqual([]);
    expect(await outbox("sch_old_failed")).toEqual([]);
  });

  it("records a scheduled run the workflow refuses (input schema) as failed, and audits it", async () => {
    const workflowId = await publishWorkflow(
      owner,
      {
        ...NOOP,
        input_schema: { type: "object", required: ["customer"], properties: { customer: { type: "string" } } },
      },
      "Needs input",
    );
    await putSchedule(workflowId, { cron: "* * * * *", timezone: "UTC" });
    const schedule = await env.DB.prepare("SELECT id FROM schedules WHERE workflow_id = ?")
      .bind(workflowId)
      .first<{ id: string }>();
    const due = Math.floor(Date.now() / MINUTE) * MINUTE;
    await env.DB.prepare("UPDATE schedules SET next_run_at = ? WHERE id = ?").bind(due, schedule?.id).run();
    await tick();
    const [failed] = await settled(schedule?.id ?? "");
    expect(failed).toMatchObject({ status: "failed", run_id: null });
    expect(failed?.error).toMatch(/input schema/);
    expect(await runsOf(owner, workflowId)).toEqual([]);
    const audit = (await auditOf(owner, "schedule.start_failed")).find((e) => e.target_id === workflowId);
    expect(audit).toMatchObject({ actor_type: "system" });
  });
});
