/**
 * Runs: start (on a workflow), list, the run state, steps, events, cancel, approve/reject, signal.
 * Every run route checks the D1 index for the caller's org before reaching the run object.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import type { Context } from "hono";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import type { AppEnv } from "../context";
import { IdParam } from "../contracts/common";
import {
  CancelBody,
  DecisionBody,
  RunDetail,
  RunList,
  RunListQuery,
  type RunSummary,
  SignalBody,
  StartRunBody,
  StepList,
  StepParam,
} from "../contracts/runs";
import { createDb } from "../db/client";
import { runs } from "../db/schema";
import { AppError } from "../errors";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { runObjectFor } from "../runs/access";
import { startRun } from "../runs/start";
import { bearer, errors, json, jsonBody } from "./openapi";

const TAG = ["Runs"];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const Started = z.object({ run_id: z.string(), status: z.string(), created: z.boolean() }).openapi("StartedRun");
const ControlResult = z.object({ run_id: z.string(), status: z.string() }).openapi("RunControlResult");
const EventsQuery = z.object({
  after_seq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
const EventPage = z
  .object({ items: z.array(z.record(z.string(), z.unknown())), next_after_seq: z.number().int() })
  .openapi("RunEventPage");

const start = createRoute({
  method: "post",
  path: "/{id}/runs",
  tags: TAG,
  summary: "Start a run of a workflow's published version (Idempotency-Key honoured for 24 h)",
  security: bearer,
  middleware: guard("runs:start"),
  request: {
    params: IdParam,
    headers: z.object({
      "idempotency-key": z.string().min(1).max(200).optional(),
      "x-correlation-id": z.string().max(200).optional(),
    }),
    body: { required: false, content: { "application/json": { schema: StartRunBody } } },
  },
  responses: {
    201: json(Started, "Started"),
    200: json(Started, "An earlier run with the same idempotency key"),
    ...errors(400, 401, 403, 404, 409, 413),
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: TAG,
  summary: "List runs (filter by status, workflow, trigger, time range)",
  security: bearer,
  middleware: guard("runs:read"),
  request: {
    query: RunListQuery.extend({
      kind: z
        .enum(["workflow", "job", "all"])
        .default("workflow")
        .openapi({ description: "Workflow runs (default), jobs (runs of runbooks, also at /jobs) or both" }),
    }),
  },
  responses: { 200: json(RunList, "A page of runs"), ...errors(400, 401) },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: TAG,
  summary: "The run state: status, progress, current step, errors, recommended actions",
  security: bearer,
  middleware: guard("runs:read"),
  request: { params: IdParam },
  responses: { 200: json(RunDetail, "The run"), ...errors(401, 404) },
});

const steps = createRoute({
  method: "get",
  path: "/{id}/steps",
  tags: TAG,
  summary: "Every step with its redacted input/output snapshots, errors, attempts and timings",
  security: bearer,
  middleware: guard("runs:read"),
  request: { params: IdParam },
  responses: { 200: json(StepList, "Steps"), ...errors(401, 404) },
});

const events = createRoute({
  method: "get",
  path: "/{id}/events",
  tags: TAG,
  summary: "The run's event log after a sequence number (schema v1)",
  security: bearer,
  middleware: guard("runs:read"),
  request: { params: IdParam, query: EventsQuery },
  responses: { 200: json(EventPage, "Events"), ...errors(400, 401, 404) },
});

const cancel = createRoute({
  method: "post",
  path: "/{id}/cancel",
  tags: TAG,
  summary: "Cancel the run (works in every non-terminal state)",
  security: bearer,
  middleware: guard("runs:control"),
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: CancelBody } } } },
  responses: { 200: json(ControlResult, "Canceled"), ...errors(401, 403, 404, 409) },
});

function decisionRoute(decision: "approve" | "reject") {
  return createRoute({
    method: "post",
    path: `/{id}/steps/{node_id}/${decision}`,
    tags: TAG,
    summary: decision === "approve" ? "Approve a waiting approval step" : "Reject a waiting approval step",
    security: bearer,
    middleware: guard("runs:control"),
    request: {
      params: StepParam,
      body: { required: false, content: { "application/json": { schema: DecisionBody } } },
    },
    responses: { 200: json(ControlResult, "Decided"), ...errors(400, 401, 403, 404, 409) },
  });
}

const signal = createRoute({
  method: "post",
  path: "/{id}/signal",
  tags: TAG,
  summary: "Send a named signal to the run's waiting wait_event steps",
  security: bearer,
  middleware: guard("runs:control"),
  request: { params: IdParam, body: jsonBody(SignalBody) },
  responses: { 200: json(ControlResult, "Delivered"), ...errors(400, 401, 403, 404, 409) },
});

function toSummary(row: typeof runs.$inferSelect): RunSummary {
  return {
    id: row.id,
    workflow_id: row.workflowId,
    version: row.version,
    status: row.status as RunSummary["status"],
    wait_reason: row.waitReason,
    trigger_type: row.triggerType,
    progress: row.progress,
    error_human: row.errorHuman,
    dry_run: row.dryRun,
    created_at: new Date(row.createdAt).toISOString(),
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
  };
}

function notChanged(status: string): AppError {
  return new AppError("conflict", `The run is ${status}; this action doesn't apply now`, { details: { status } });
}

/** Starting runs hangs off the workflow (`POST /workflows/:id/runs`). */
export const workflowRunsRoutes = createRouter().openapi(start, async (c) => {
  const principal = principalOf(c);
  const scope = scopeOf(principal);
  const { id } = c.req.valid("param");
  const headers = c.req.valid("header");
  const body = StartRunBody.parse(c.req.valid("json") ?? {});
  const started = await startRun(c.env, scope, {
    workflowId: id,
    version: body.version,
    input: body.input,
    trigger: { type: principal.type === "api_key" ? "api" : "manual", data: null },
    createdBy: principal.id,
    userId: principal.type === "user" ? principal.id : null,
    idempotencyKey: headers["idempotency-key"] ?? body.idempotency_key,
    correlationId: headers["x-correlation-id"],
    dryRun: body.dry_run,
    options: body.options,
  });
  if (started.created) {
    await recordAudit(c, scope.orgId, principal, {
      action: "run.started",
      targetType: "run",
      targetId: started.run_id,
      metadata: { workflow_id: id },
    });
  }
  return c.json(started, started.created ? 201 : 200);
});

export const runsRoutes = createRouter()
  .openapi(list, async (c) => {
    const scope = scopeOf(principalOf(c));
    const q = c.req.valid("query");
    const where: SQL[] = [eq(runs.orgId, scope.orgId)];
    if (q.kind !== "all") where.push(eq(runs.kind, q.kind));
    if (q.status) where.push(eq(runs.status, q.status));
    if (q.wait_reason) where.push(eq(runs.waitReason, q.wait_reason));
    if (q.workflow_id) where.push(eq(runs.workflowId, q.workflow_id));
    if (q.trigger) where.push(eq(runs.triggerType, q.trigger));
    if (q.from) where.push(gte(runs.createdAt, Date.parse(q.from)));
    if (q.to) where.push(lte(runs.createdAt, Date.parse(q.to)));
    if (q.cursor) {
      const { at, id } = decodeCursor(q.cursor);
      if (!id || !Number.isFinite(Number(at)))
        throw new AppError("bad_request", "The cursor is not valid; start again without it");
      const keyset = or(lt(runs.createdAt, Number(at)), and(eq(runs.createdAt, Number(at)), lt(runs.id, id)));
      if (keyset) where.push(keyset);
    }
    const rows = await createDb(c.env.DB)
      .select()
      .from(runs)
      .where(and(...where))
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const next = rows.length > q.limit && last ? encodeCursor({ at: String(last.createdAt), id: last.id }) : null;
    return c.json({ items: page.map(toSummary), next_cursor: next }, 200);
  })
  .openapi(get, async (c) => {
    const { stub } = await runObjectFor(c.env, scopeOf(principalOf(c)), c.req.valid("param").id);
    return c.json(RunDetail.parse(JSON.parse(await stub.detail())), 200);
  })
  .openapi(steps, async (c) => {
    const { stub } = await runObjectFor(c.env, scopeOf(principalOf(c)), c.req.valid("param").id);
    return c.json({ items: JSON.parse(await stub.steps()) }, 200);
  })
  .openapi(events, async (c) => {
    const { stub } = await runObjectFor(c.env, scopeOf(principalOf(c)), c.req.valid("param").id);
    const { after_seq, limit } = c.req.valid("query");
    const items = JSON.parse(await stub.events(after_seq, limit)) as { seq: number }[];
    return c.json({ items, next_after_seq: items.at(-1)?.seq ?? after_seq }, 200);
  })
  .openapi(cancel, async (c) => {
    const principal = principalOf(c);
    const { row, stub } = await runObjectFor(c.env, scopeOf(principal), c.req.valid("param").id);
    const { reason } = c.req.valid("json");
    const result = await stub.cancel(principal.id, reason);
    if (!result.changed) throw notChanged(result.status);
    await recordAudit(c, principal.orgId, principal, {
      action: "run.canceled",
      targetType: "run",
      targetId: row.id,
      metadata: { reason: reason ?? null },
    });
    return c.json({ run_id: row.id, status: result.status }, 200);
  })
  .openapi(decisionRoute("approve"), async (c) => {
    const { id, node_id } = c.req.valid("param");
    return c.json(await decide(c, id, node_id, "approved", c.req.valid("json")), 200);
  })
  .openapi(decisionRoute("reject"), async (c) => {
    const { id, node_id } = c.req.valid("param");
    return c.json(await decide(c, id, node_id, "rejected", c.req.valid("json")), 200);
  })
  .openapi(signal, async (c) => {
    const principal = principalOf(c);
    const { row, stub } = await runObjectFor(c.env, scopeOf(principal), c.req.valid("param").id);
    const body = c.req.valid("json");
    const result = await stub.signal(
      body.event_name,
      JSON.stringify(body.payload ?? null),
      body.correlation_key,
      body.node_id,
    );
    if (!result.changed)
      throw new AppError("conflict", `No step of this run is waiting for "${body.event_name}"`, {
        details: { status: result.status },
      });
    await recordAudit(c, principal.orgId, principal, {
      action: "run.signaled",
      targetType: "run",
      targetId: row.id,
      metadata: { event_name: body.event_name },
    });
    return c.json({ run_id: row.id, status: result.status }, 200);
  });

/** Records an approval decision after the run object checked the step and the approver. */
async function decide(
  c: Context<AppEnv>,
  runId: string,
  nodeId: string,
  decision: "approved" | "rejected",
  body: { comment?: string; form?: Record<string, unknown> },
) {
  const principal = principalOf(c);
  const { row, stub } = await runObjectFor(c.env, scopeOf(principal), runId);
  const form = body.form ? JSON.stringify(body.form) : undefined;
  const result = await stub.decide(nodeId, decision, { id: principal.id, role: principal.role }, body.comment, form);
  if (result.refused === "not_an_approver") throw new AppError("forbidden", "You are not one of this step's approvers");
  if (result.refused === "not_waiting" || !result.changed) {
    throw new AppError("conflict", `Step "${nodeId}" is not waiting for an approval`, {
      details: { status: result.status },
    });
  }
  await recordAudit(c, principal.orgId, principal, {
    action: decision === "approved" ? "run.approved" : "run.rejected",
    targetType: "run",
    targetId: row.id,
    metadata: { node_id: nodeId, comment: body.comment ?? null },
  });
  return { run_id: row.id, status: result.status };
}
