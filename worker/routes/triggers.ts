/**
 * A workflow's triggers under `/api/v1/workflows/:id`: webhook triggers (`/triggers`: create with a
 * secret shown once, list, update, rotate, delete), event triggers (`/event-triggers`), and the cron
 * schedule (`/schedule`, see ./schedules.ts). Reads for every member; changes need workflows:write.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../audit/audit";
import { type OrgScope, scopeOf } from "../auth/principal";
import type { AppEnv } from "../context";
import { IdParam } from "../contracts/common";
import {
  CreateEventTriggerBody,
  CreateWebhookTriggerBody,
  EventTrigger,
  EventTriggerList,
  TriggerParam,
  UpdateWebhookTriggerBody,
  WebhookTrigger,
  WebhookTriggerList,
  WebhookTriggerWithSecret,
} from "../contracts/triggers";
import {
  deleteEventTrigger,
  deleteWebhookTrigger,
  getWebhookTrigger,
  insertEventTrigger,
  insertWebhookTrigger,
  listEventTriggers,
  listWebhookTriggers,
  toEventTrigger,
  toWebhookTrigger,
  updateWebhookTrigger,
} from "../db/repos/triggers";
import { getWorkflow } from "../db/repos/workflows";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { generateWebhookSecret, sealWebhookSecret } from "../triggers/webhook";
import { bearer, errors, json, jsonBody } from "./openapi";
import { schedulesRoutes } from "./schedules";

const TAG = ["Triggers"];

async function mustHaveWorkflow(c: Context<AppEnv>, scope: OrgScope, id: string): Promise<void> {
  if (!(await getWorkflow(c.env.DB, scope, id))) throw new AppError("not_found", "Workflow not found");
}

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;
const triggerNotFound = () => new AppError("not_found", "Trigger not found");

const create = createRoute({
  method: "post",
  path: "/{id}/triggers",
  tags: TAG,
  summary: "Create a webhook trigger; its secret is returned once",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam, body: jsonBody(CreateWebhookTriggerBody) },
  responses: { 201: json(WebhookTriggerWithSecret, "Created"), ...errors(400, 401, 403, 404) },
});

const list = createRoute({
  method: "get",
  path: "/{id}/triggers",
  tags: TAG,
  summary: "The workflow's webhook triggers (never their secrets)",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { params: IdParam },
  responses: { 200: json(WebhookTriggerList, "Triggers"), ...errors(401, 404) },
});

const get = createRoute({
  method: "get",
  path: "/{id}/triggers/{trigger_id}",
  tags: TAG,
  summary: "One webhook trigger",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { params: TriggerParam },
  responses: { 200: json(WebhookTrigger, "The trigger"), ...errors(401, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/{id}/triggers/{trigger_id}",
  tags: TAG,
  summary: "Change a webhook trigger's mode, limits, debounce or enabled flag",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: TriggerParam, body: jsonBody(UpdateWebhookTriggerBody) },
  responses: { 200: json(WebhookTrigger, "Updated"), ...errors(400, 401, 403, 404) },
});

const rotate = createRoute({
  method: "post",
  path: "/{id}/triggers/{trigger_id}/rotate",
  tags: TAG,
  summary: "Replace the trigger's secret; the old one stops working at once",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: TriggerParam },
  responses: { 200: json(WebhookTriggerWithSecret, "The new secret, shown once"), ...errors(401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}/triggers/{trigger_id}",
  tags: TAG,
  summary: "Delete a webhook trigger; its URL stops working at once",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: TriggerParam },
  responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404) },
});

const createEvent = createRoute({
  method: "post",
  path: "/{id}/event-triggers",
  tags: TAG,
  summary: "Start this workflow when another workflow's run completes or fails",
  description:
    "The new run's input is `{ source_run_id, source_workflow_id, status, output }`. Chains of event-started " +
    "runs stop at depth 5.",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam, body: jsonBody(CreateEventTriggerBody) },
  responses: { 201: json(EventTrigger, "Created"), ...errors(400, 401, 403, 404, 409) },
});

const listEvents = createRoute({
  method: "get",
  path: "/{id}/event-triggers",
  tags: TAG,
  summary: "The event triggers that start this workflow",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { params: IdParam },
  responses: { 200: json(EventTriggerList, "Event triggers"), ...errors(401, 404) },
});

const removeEvent = createRoute({
  method: "delete",
  path: "/{id}/event-triggers/{trigger_id}",
  tags: TAG,
  summary: "Delete an event trigger",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: TriggerParam },
  responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404) },
});

/** Every trigger route of a workflow, schedules included; mounted at `/api/v1/workflows`. */
export const triggersRoutes = createRouter()
  .openapi(create, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    await mustHaveWorkflow(c, scope, id);
    const triggerId = newId("trg");
    const secret = generateWebhookSecret();
    const row = await insertWebhookTrigger(c.env.DB, scope, {
      id: triggerId,
      workflowId: id,
      name: body.name,
      mode: body.mode,
      syncTimeoutMs: body.sync_timeout_ms,
      rateLimitPerMinute: body.rate_limit_per_minute,
      debounceMs: body.debounce_ms,
      enabled: body.enabled,
      createdBy: principal.id,
      ...(await sealWebhookSecret(c.env, triggerId, secret)),
    });
    await recordAudit(c, scope.orgId, principal, {
      action: "trigger.created",
      targetType: "webhook_trigger",
      targetId: row.id,
      metadata: { workflow_id: id, mode: row.mode },
    });
    return c.json({ ...toWebhookTrigger(row, origin(c)), secret }, 201);
  })
  .openapi(list, async (c) => {
    const scope = scopeOf(principalOf(c));
    const { id } = c.req.valid("param");
    await mustHaveWorkflow(c, scope, id);
    const rows = await listWebhookTriggers(c.env.DB, scope, id);
    return c.json({ items: rows.map((row) => toWebhookTrigger(row, origin(c))) }, 200);
  })
  .openapi(get, async (c) => {
    const scope = scopeOf(principalOf(c));
    const { id, trigger_id } = c.req.valid("param");
    const row = await getWebhookTrigger(c.env.DB, scope, id, trigger_id);
    if (!row) throw triggerNotFound();
    return c.json(toWebhookTrigger(row, origin(c)), 200);
  })
  .openapi(update, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id, trigger_id } = c.req.valid("param");
    const body = c.req.valid("json");
    const row = await updateWebhookTrigger(c.env.DB, scope, id, trigger_id, {
      name: body.name,
      mode: body.mode,
      syncTimeoutMs: body.sync_timeout_ms,
      rateLimitPerMinute: body.rate_limit_per_minute,
      debounceMs: body.debounce_ms,
      enabled: body.enabled,
    });
    if (!row) throw triggerNotFound();
    await recordAudit(c, scope.orgId, principal, {
      action: "trigger.updated",
      targetType: "webhook_trigger",
      targetId: trigger_id,
      metadata: { workflow_id: id, changed: Object.keys(body) },
    });
    return c.json(toWebhookTrigger(row, origin(c)), 200);
  })
  .openapi(rotate, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id, trigger_id } = c.req.valid("param");
    if (!(await getWebhookTrigger(c.env.DB, scope, id, trigger_id))) throw triggerNotFound();
    const secret = generateWebhookSecret();
    const row = await updateWebhookTrigger(
      c.env.DB,
      scope,
      id,
      trigger_id,
      await sealWebhookSecret(c.env, trigger_id, secret),
    );
    if (!row) throw triggerNotFound();
    await recordAudit(c, scope.orgId, principal, {
      action: "trigger.secret_rotated",
      targetType: "webhook_trigger",
      targetId: trigger_id,
      metadata: { workflow_id: id },
    });
    return c.json({ ...toWebhookTrigger(row, origin(c)), secret }, 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id, trigger_id } = c.req.valid("param");
    if (!(await deleteWebhookTrigger(c.env.DB, scope, id, trigger_id))) throw triggerNotFound();
    await recordAudit(c, scope.orgId, principal, {
      action: "trigger.deleted",
      targetType: "webhook_trigger",
      targetId: trigger_id,
      metadata: { workflow_id: id },
    });
    return c.body(null, 204);
  })
  .openapi(createEvent, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    await mustHaveWorkflow(c, scope, id);
    if (!(await getWorkflow(c.env.DB, scope, body.source_workflow_id))) {
      throw new AppError("validation_failed", "The source workflow doesn't exist in this organization", {
        details: { issues: [{ path: "source_workflow_id", code: "not_found", message: "No such workflow" }] },
      });
    }
    const row = await insertEventTrigger(c.env.DB, scope, {
      id: newId("etr"),
      workflowId: id,
      sourceWorkflowId: body.source_workflow_id,
      on: body.on,
      debounceMs: body.debounce_ms,
      enabled: body.enabled,
      createdBy: principal.id,
    });
    if (!row) throw new AppError("conflict", "This workflow already has an event trigger on that source workflow");
    await recordAudit(c, scope.orgId, principal, {
      action: "trigger.created",
      targetType: "event_trigger",
      targetId: row.id,
      metadata: { workflow_id: id, source_workflow_id: row.sourceWorkflowId, on: row.on },
    });
    return c.json(toEventTrigger(row), 201);
  })
  .openapi(listEvents, async (c) => {
    const scope = scopeOf(principalOf(c));
    const { id } = c.req.valid("param");
    await mustHaveWorkflow(c, scope, id);
    return c.json({ items: (await listEventTriggers(c.env.DB, scope, id)).map(toEventTrigger) }, 200);
  })
  .openapi(removeEvent, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id, trigger_id } = c.req.valid("param");
    if (!(await deleteEventTrigger(c.env.DB, scope, id, trigger_id))) throw triggerNotFound();
    await recordAudit(c, scope.orgId, principal, {
      action: "trigger.deleted",
      targetType: "event_trigger",
      targetId: trigger_id,
      metadata: { workflow_id: id },
    });
    return c.body(null, 204);
  })
  .route("/", schedulesRoutes);
