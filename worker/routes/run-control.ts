/**
 * Run control beyond start and cancel: pause, resume (also out of `needs_review`), retry, rerun
 * from a step, bulk cancel and replay, structured logs, and preflight on demand. Every action is
 * audited; an action that doesn't apply in the run's state answers 409 with the current status.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { and, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import { recordAudit } from "../audit/audit";
import { type Principal, scopeOf } from "../auth/principal";
import { IdParam, Timestamp } from "../contracts/common";
import { RunStatus } from "../contracts/runs";
import type { Graph } from "../contracts/workflow";
import { createDb } from "../db/client";
import { usableConnectionIds } from "../db/repos/connections";
import { getOrgLimits } from "../db/repos/orgs";
import { getVersion, getWorkflow } from "../db/repos/workflows";
import { runs } from "../db/schema";
import { preflight } from "../engine/preflight";
import { AppError } from "../errors";
import { guard, principalOf } from "../middleware/auth";
import { checkUrlSync, policyFromEnv } from "../net";
import { createRouter } from "../router";
import { runObjectFor } from "../runs/access";
import { rerunFromStep, retryRun } from "../runs/replay";
import { normaliseGraph } from "../runs/start";
import { bearer, errors, json, jsonBody } from "./openapi";

const TAG = ["Runs"];
const ControlResult = z.object({ run_id: z.string(), status: z.string() }).openapi("RunControlResult");
const Started = z.object({ run_id: z.string(), status: z.string(), created: z.boolean() });
const Rerun = Started.extend({ reused_steps: z.array(z.string()) }).openapi("RerunResult");
const ResumeBody = z
  .object({
    input: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "Only for a run in needs_review: a corrected input" }),
    version: z
      .union([z.number().int().min(1), z.literal("latest")])
      .optional()
      .openapi({ description: "Only for a run in needs_review: re-pin to another version" }),
  })
  .openapi("ResumeRequest");
const RerunBody = z
  .object({ from_step: z.string().min(1).max(100), input: z.record(z.string(), z.unknown()).optional() })
  .openapi("RerunRequest");
const BulkFilter = z
  .object({
    status: z.array(RunStatus).min(1).optional(),
    workflow_id: z.string().max(100).optional(),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .openapi("BulkRunFilter");
const BulkResult = z
  .object({
    matched: z.number().int(),
    affected: z.array(z.string()),
    skipped: z.array(z.object({ run_id: z.string(), status: z.string() })),
  })
  .openapi("BulkRunResult");
const LogsQuery = z.object({
  level: z.enum(["ok", "warn", "error"]).optional(),
  domain: z.enum(["preflight", "step", "delivery", "approval", "policy", "system", "runner"]).optional(),
  cursor: z.string().regex(/^\d+$/).optional().openapi({ description: "next_cursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
const LogLine = z.object({
  id: z.number().int(),
  timestamp: Timestamp,
  level: z.string(),
  domain: z.string(),
  message_human: z.string(),
  details_tech: z.string().nullable(),
  step_id: z.string().nullable(),
  correlation_id: z.string(),
});
const LogPage = z.object({ items: z.array(LogLine), next_cursor: z.string().nullable() }).openapi("RunLogPage");
const PreflightBody = z
  .object({ input: z.record(z.string(), z.unknown()).default({}), version: z.number().int().min(1).optional() })
  .openapi("PreflightRequest");
const PreflightIssue = z.object({
  code: z.string(),
  domain: z.string(),
  message_human: z.string(),
  message_tech: z.string(),
  node_id: z.string().nullable(),
  severity: z.enum(["blocking", "warning"]),
});
const PreflightResponse = z
  .object({ blocking_count: z.number().int(), warning_count: z.number().int(), issues: z.array(PreflightIssue) })
  .openapi("PreflightResult");

function route<P extends string>(
  method: "post" | "get",
  path: P,
  summary: string,
  permission: Parameters<typeof guard>[0],
) {
  return { method, path, tags: TAG, summary, security: bearer, middleware: guard(permission) } as const;
}

const pause = createRoute({
  ...route("post", "/{id}/pause", "Pause a running or waiting run", "runs:control"),
  request: { params: IdParam },
  responses: { 200: json(ControlResult, "Paused"), ...errors(401, 403, 404, 409) },
});
const resume = createRoute({
  ...route(
    "post",
    "/{id}/resume",
    "Resume a paused run, or re-run preflight and continue a run in needs_review",
    "runs:control",
  ),
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: ResumeBody } } } },
  responses: { 200: json(ControlResult, "Resumed (or still in review)"), ...errors(400, 401, 403, 404, 409) },
});
const retry = createRoute({
  ...route("post", "/{id}/retry", "Run the same version with the same input again", "runs:start"),
  request: { params: IdParam },
  responses: { 201: json(Started, "The new run"), ...errors(401, 403, 404, 409) },
});
const rerun = createRoute({
  ...route(
    "post",
    "/{id}/rerun",
    "Rerun from a step: earlier outputs are reused, the step and everything after it run again",
    "runs:start",
  ),
  request: { params: IdParam, body: jsonBody(RerunBody) },
  responses: { 201: json(Rerun, "The new run"), ...errors(400, 401, 403, 404, 409) },
});
const logs = createRoute({
  ...route("get", "/{id}/logs", "Structured log lines of the run (level, domain, cursor)", "runs:read"),
  request: { params: IdParam, query: LogsQuery },
  responses: { 200: json(LogPage, "Log lines"), ...errors(400, 401, 404) },
});
const bulkCancel = createRoute({
  ...route("post", "/bulk-cancel", "Cancel every live run matching a filter", "runs:control"),
  request: { body: jsonBody(BulkFilter) },
  responses: { 200: json(BulkResult, "What was canceled"), ...errors(400, 401, 403) },
});
const bulkReplay = createRoute({
  ...route("post", "/bulk-replay", "Start a new run for every finished run matching a filter", "runs:start"),
  request: { body: jsonBody(BulkFilter) },
  responses: { 200: json(BulkResult, "The new runs"), ...errors(400, 401, 403) },
});
const preflightRoute = createRoute({
  ...route(
    "post",
    "/{id}/preflight",
    "Check a workflow (its latest version, or the draft if unpublished) against an input before running it",
    "workflows:read",
  ),
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: PreflightBody } } } },
  responses: { 200: json(PreflightResponse, "Issues"), ...errors(400, 401, 404) },
});

function actor(principal: Principal) {
  return { id: principal.id, userId: principal.type === "user" ? principal.id : null };
}

function notApplicable(status: string): AppError {
  return new AppError("conflict", `The run is ${status}; this action doesn't apply now`, { details: { status } });
}

async function matching(d1: D1Database, orgId: string, filter: z.infer<typeof BulkFilter>, statuses: string[]) {
  const where: SQL[] = [eq(runs.orgId, orgId), inArray(runs.status, filter.status ?? statuses)];
  if (filter.workflow_id) where.push(eq(runs.workflowId, filter.workflow_id));
  if (filter.from) where.push(gte(runs.createdAt, Date.parse(filter.from)));
  if (filter.to) where.push(lte(runs.createdAt, Date.parse(filter.to)));
  return createDb(d1)
    .select({ id: runs.id, status: runs.status })
    .from(runs)
    .where(and(...where))
    .limit(filter.limit);
}

const LIVE = ["queued", "running", "waiting", "paused", "needs_review", "ready"];
const FINISHED = ["completed", "failed", "canceled"];

export const runControlRoutes = createRouter()
  .openapi(bulkCancel, async (c) => {
    const principal = principalOf(c);
    const filter = c.req.valid("json");
    const rows = await matching(c.env.DB, principal.orgId, filter, LIVE);
    const affected: string[] = [];
    const skipped: { run_id: string; status: string }[] = [];
    for (const row of rows) {
      const result = await c.env.RUNS.get(c.env.RUNS.idFromName(row.id)).cancel(principal.id, "bulk cancel");
      if (result.changed) affected.push(row.id);
      else skipped.push({ run_id: row.id, status: result.status });
    }
    await recordAudit(c, principal.orgId, principal, {
      action: "run.bulk_canceled",
      targetType: "run",
      metadata: { filter, canceled: affected.length },
    });
    return c.json({ matched: rows.length, affected, skipped }, 200);
  })
  .openapi(bulkReplay, async (c) => {
    const principal = principalOf(c);
    const filter = c.req.valid("json");
    const rows = await matching(c.env.DB, principal.orgId, filter, FINISHED);
    const affected: string[] = [];
    const skipped: { run_id: string; status: string }[] = [];
    for (const row of rows) {
      if (!FINISHED.includes(row.status)) {
        skipped.push({ run_id: row.id, status: row.status });
        continue;
      }
      affected.push((await retryRun(c.env, scopeOf(principal), row.id, actor(principal))).run_id);
    }
    await recordAudit(c, principal.orgId, principal, {
      action: "run.bulk_replayed",
      targetType: "run",
      metadata: { filter, started: affected.length },
    });
    return c.json({ matched: rows.length, affected, skipped }, 200);
  })
  .openapi(pause, async (c) => {
    const principal = principalOf(c);
    const { row, stub } = await runObjectFor(c.env, scopeOf(principal), c.req.valid("param").id);
    const result = await stub.pause(principal.id);
    if (!result.changed) throw notApplicable(result.status);
    await recordAudit(c, principal.orgId, principal, { action: "run.paused", targetType: "run", targetId: row.id });
    return c.json({ run_id: row.id, status: result.status }, 200);
  })
  .openapi(resume, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { row, stub } = await runObjectFor(c.env, scope, c.req.valid("param").id);
    const body = c.req.valid("json") ?? {};
    let recordJson: string | undefined;
    if (body.version !== undefined) {
      const workflow = await getWorkflow(c.env.DB, scope, row.workflowId);
      const number = body.version === "latest" ? (workflow?.latestVersion ?? 0) : body.version;
      const version = await getVersion(c.env.DB, scope, row.workflowId, number);
      if (!version) throw new AppError("not_found", `Workflow version ${number} not found`);
      const current = JSON.parse(await stub.replayData()).record;
      const limits = await getOrgLimits(c.env.DB, scope);
      recordJson = JSON.stringify({
        ...current,
        version: number,
        graph: normaliseGraph(version.graph as Graph, limits),
        vars: (version.graph as Graph).vars ?? {},
      });
      await c.env.DB.prepare("UPDATE runs SET version = ? WHERE id = ? AND org_id = ?")
        .bind(number, row.id, scope.orgId)
        .run();
    }
    const result = await stub.resume(principal.id, {
      inputJson: body.input ? JSON.stringify(body.input) : undefined,
      recordJson,
    });
    if (!result.changed) throw notApplicable(result.status);
    await recordAudit(c, principal.orgId, principal, {
      action: "run.resumed",
      targetType: "run",
      targetId: row.id,
      metadata: { version: body.version ?? null, input_changed: body.input !== undefined },
    });
    return c.json({ run_id: row.id, status: result.status }, 200);
  })
  .openapi(retry, async (c) => {
    const principal = principalOf(c);
    const { row } = await runObjectFor(c.env, scopeOf(principal), c.req.valid("param").id);
    if (!FINISHED.includes(row.status)) throw notApplicable(row.status);
    const started = await retryRun(c.env, scopeOf(principal), row.id, actor(principal));
    await recordAudit(c, principal.orgId, principal, {
      action: "run.retried",
      targetType: "run",
      targetId: row.id,
      metadata: { new_run_id: started.run_id },
    });
    return c.json(started, 201);
  })
  .openapi(rerun, async (c) => {
    const principal = principalOf(c);
    const { row } = await runObjectFor(c.env, scopeOf(principal), c.req.valid("param").id);
    if (!FINISHED.includes(row.status)) throw notApplicable(row.status);
    const body = c.req.valid("json");
    const started = await rerunFromStep(
      c.env,
      scopeOf(principal),
      row.id,
      body.from_step,
      actor(principal),
      body.input,
    );
    await recordAudit(c, principal.orgId, principal, {
      action: "run.rerun",
      targetType: "run",
      targetId: row.id,
      metadata: { new_run_id: started.run_id, from_step: body.from_step },
    });
    return c.json(started, 201);
  })
  .openapi(logs, async (c) => {
    const { row, stub } = await runObjectFor(c.env, scopeOf(principalOf(c)), c.req.valid("param").id);
    const q = c.req.valid("query");
    const lines = JSON.parse(
      await stub.logs({ afterId: Number(q.cursor ?? 0), limit: q.limit + 1, level: q.level, domain: q.domain }),
    ) as {
      id: number;
      ts: number;
      level: string;
      domain: string;
      message_human: string;
      details_tech: string | null;
      step_id: string | null;
    }[];
    const page = lines.slice(0, q.limit);
    const items = page.map(({ ts, ...line }) => ({
      ...line,
      timestamp: new Date(ts).toISOString(),
      correlation_id: row.correlationId,
    }));
    return c.json({ items, next_cursor: lines.length > q.limit ? String(page.at(-1)?.id) : null }, 200);
  });

/** On-demand preflight hangs off the workflow (`POST /workflows/:id/preflight`). */
export const workflowPreflightRoutes = createRouter().openapi(preflightRoute, async (c) => {
  const scope = scopeOf(principalOf(c));
  const { id } = c.req.valid("param");
  const body = PreflightBody.parse(c.req.valid("json") ?? {});
  const workflow = await getWorkflow(c.env.DB, scope, id);
  if (!workflow) throw new AppError("not_found", "Workflow not found");
  const number = body.version ?? workflow.latestVersion;
  const graph =
    number > 0
      ? ((await getVersion(c.env.DB, scope, id, number))?.graph as Graph | undefined)
      : (workflow.draftGraph as Graph);
  if (!graph) throw new AppError("not_found", `Workflow version ${number} not found`);
  const { policy } = policyFromEnv(c.env);
  const result = preflight({
    graph,
    input: body.input,
    connectionIds: await usableConnectionIds(c.env.DB, scope, Date.now()),
    checkUrl: (url) => {
      const check = checkUrlSync(url, policy);
      return check.ok ? null : check.message;
    },
  });
  return c.json(
    { blocking_count: result.blocking_count, warning_count: result.warning_count, issues: result.groups.issues },
    200,
  );
});
