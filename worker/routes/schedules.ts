/**
 * A workflow's cron schedule: `PUT`/`GET`/`DELETE /api/v1/workflows/:id/schedule`. The minute cron
 * (worker/triggers/cron-schedules.ts) starts its runs.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../audit/audit";
import { type OrgScope, scopeOf } from "../auth/principal";
import type { AppEnv } from "../context";
import { IdParam } from "../contracts/common";
import { ScheduleInput, ScheduleResponse } from "../contracts/schedule";
import { deleteSchedule, getSchedule, putSchedule } from "../db/repos/triggers-schedules";
import { getWorkflow, type WorkflowRow } from "../db/repos/workflows";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { initialNextRunAt, mustParse, toScheduleResponse } from "../triggers/schedule-view";
import { bearer, errors, json, jsonBody } from "./openapi";

const TAG = ["Triggers"];

async function mustGetWorkflow(c: Context<AppEnv>, scope: OrgScope, id: string): Promise<WorkflowRow> {
  const row = await getWorkflow(c.env.DB, scope, id);
  if (!row) throw new AppError("not_found", "Workflow not found");
  return row;
}

const put = createRoute({
  method: "put",
  path: "/{id}/schedule",
  tags: TAG,
  summary: "Create or replace the workflow's cron schedule",
  description:
    "5-field cron in an IANA time zone (DST-correct). The response describes the expression and lists the next " +
    "5 fire times. Runs start with an empty input, so the workflow's input schema must accept `{}`.",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam, body: jsonBody(ScheduleInput) },
  responses: { 200: json(ScheduleResponse, "The schedule"), ...errors(400, 401, 403, 404, 409) },
});

const get = createRoute({
  method: "get",
  path: "/{id}/schedule",
  tags: TAG,
  summary: "The workflow's schedule, its description and next fire times",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { params: IdParam },
  responses: { 200: json(ScheduleResponse, "The schedule"), ...errors(401, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}/schedule",
  tags: TAG,
  summary: "Remove the workflow's schedule (runs already started are not affected)",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...errors(401, 403, 404) },
});

export const schedulesRoutes = createRouter()
  .openapi(put, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const workflow = await mustGetWorkflow(c, scope, id);
    if (body.enabled && workflow.latestVersion === 0) {
      throw new AppError("conflict", "Publish the workflow before scheduling it: a schedule runs the latest version");
    }
    const now = Date.now();
    const schedule = mustParse(body);
    const existing = await getSchedule(c.env.DB, scope, id);
    const row = await putSchedule(c.env.DB, scope, id, {
      id: existing?.id ?? newId("sch"),
      createdBy: principal.id,
      cron: schedule.cron,
      timezone: schedule.timezone,
      enabled: body.enabled,
      missedRunPolicy: body.missed_run_policy,
      nextRunAt: initialNextRunAt(schedule, body.enabled, now),
    });
    await recordAudit(c, scope.orgId, principal, {
      action: existing ? "schedule.updated" : "schedule.created",
      targetType: "workflow",
      targetId: id,
      metadata: { schedule_id: row.id, cron: row.cron, timezone: row.timezone, enabled: row.enabled },
    });
    return c.json(toScheduleResponse(row, now), 200);
  })
  .openapi(get, async (c) => {
    const scope = scopeOf(principalOf(c));
    const { id } = c.req.valid("param");
    await mustGetWorkflow(c, scope, id);
    const row = await getSchedule(c.env.DB, scope, id);
    if (!row) throw new AppError("not_found", "This workflow has no schedule");
    return c.json(toScheduleResponse(row, Date.now()), 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    await mustGetWorkflow(c, scope, id);
    if (!(await deleteSchedule(c.env.DB, scope, id))) throw new AppError("not_found", "This workflow has no schedule");
    await recordAudit(c, scope.orgId, principal, { action: "schedule.deleted", targetType: "workflow", targetId: id });
    return c.body(null, 204);
  });
