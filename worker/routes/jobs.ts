/**
 * Jobs (runs of runbooks, `jobs:read`): list with filters, the job with its steps and output, the live log
 * stream (the run SSE stream), and the job's artifacts in R2. A job is also a run: /runs/:id works for it.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { scopeOf } from "../auth/principal";
import type { AppEnv } from "../context";
import { IdParam } from "../contracts/common";
import { ArtifactList, JobDetail, JobList, JobListQuery } from "../contracts/jobs";
import { artifactPrefix, JOB_ARTIFACTS, writeJobArtifacts } from "../durable/run-artifacts";
import { isTerminalRunStatus } from "../engine/run/states";
import { AppError } from "../errors";
import { getJobRow, type JobRow, listJobRows } from "../jobs/repo";
import { type StepViewLike, toJob, toJobSteps } from "../jobs/views";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { guard, principalOf, requirePermission } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json } from "./openapi";
import { runEventStream, streamAuth } from "./run-streams";

const TAG = ["Jobs"];

/**
 * Whether an artifact name stays inside the job's prefix: relative, no `.`/`..`/empty segments, no
 * backslashes or control characters. R2 keys are flat, but a decoded `%2F` or `%2e%2e` must never reach
 * a key anyway (a storage layer that normalises paths would otherwise let it climb out of `artifacts/<job_id>/`).
 */
function isContainedName(name: string): boolean {
  if (name.includes("\\")) return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return name.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

const FileParam = IdParam.extend({
  name: z
    .string()
    .min(1)
    .max(300)
    .refine(isContainedName, "Use the artifact's name as listed (no `..`, leading `/` or backslashes)")
    .openapi({ param: { name: "name", in: "path" }, example: "output.json" }),
});

const StreamQuery = z.object({
  ticket: z.string().max(2_000).optional().openapi({ description: "From POST /runs/{id}/stream-ticket (browsers)" }),
  last_event_id: z.coerce.number().int().min(0).optional().openapi({ description: "Or the Last-Event-ID header" }),
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: TAG,
  summary: "List jobs, newest first (filter by runbook and status)",
  security: bearer,
  middleware: guard("jobs:read"),
  request: { query: JobListQuery },
  responses: { 200: json(JobList, "A page of jobs"), ...errors(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: TAG,
  summary: "A job with its steps and final output",
  security: bearer,
  middleware: guard("jobs:read"),
  request: { params: IdParam },
  responses: { 200: json(JobDetail, "The job"), ...errors(401, 403, 404) },
});

const stream = createRoute({
  method: "get",
  path: "/{id}/logs/stream",
  tags: TAG,
  summary: "Server-sent events of the job (same events as /runs/{id}/stream; replay after Last-Event-ID)",
  security: bearer,
  middleware: [streamAuth(), requirePermission("jobs:read")],
  request: { params: IdParam, query: StreamQuery },
  responses: { 200: { description: "text/event-stream" }, ...errors(401, 403, 404) },
});

const artifacts = createRoute({
  method: "get",
  path: "/{id}/artifacts",
  tags: TAG,
  summary: "The job's artifacts: output.json, logs.ndjson, artifacts.tar.gz (once finished) and uploaded files",
  security: bearer,
  middleware: guard("jobs:read"),
  request: { params: IdParam },
  responses: { 200: json(ArtifactList, "Artifacts"), ...errors(401, 403, 404) },
});

const download = createRoute({
  method: "get",
  path: "/{id}/artifacts/{name}",
  tags: TAG,
  summary: "Download one of the job's artifacts",
  security: bearer,
  middleware: guard("jobs:read"),
  request: { params: FileParam },
  responses: { 200: { description: "The file (Content-Disposition: attachment)" }, ...errors(401, 403, 404) },
});

const downloadFile = createRoute({
  method: "get",
  path: "/{id}/artifacts/files/{name}",
  tags: TAG,
  summary: "Download a file a runner uploaded for the job",
  security: bearer,
  middleware: guard("jobs:read"),
  request: { params: FileParam },
  responses: { 200: { description: "The file (Content-Disposition: attachment)" }, ...errors(401, 403, 404) },
});

function runStub(env: Env, row: JobRow) {
  return env.RUNS.get(env.RUNS.idFromName(row.id));
}

/** Writes the standard artifacts again when a finished job lacks one (the write at finish failed or was lost). */
async function ensureArtifacts(env: Env, row: JobRow, present: Set<string>): Promise<boolean> {
  if (!isTerminalRunStatus(row.status as Parameters<typeof isTerminalRunStatus>[0])) return false;
  if (JOB_ARTIFACTS.every((name) => present.has(name))) return false;
  return writeJobArtifacts(env, row.id, runStub(env, row), row.completedAt ?? row.updatedAt);
}

async function listArtifacts(env: Env, row: JobRow): Promise<R2Object[]> {
  const prefix = artifactPrefix(row.id);
  const objects: R2Object[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.ARTIFACTS.list({ prefix, cursor, include: ["httpMetadata"] });
    objects.push(...page.objects);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return objects;
}

/** `attachment; filename="…"` with a safe ASCII name and the exact one in `filename*` (RFC 6266). */
function disposition(name: string): string {
  const base = name.split("/").at(-1) ?? name;
  const ascii = base.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

async function serveArtifact(c: Context<AppEnv>, id: string, name: string): Promise<Response> {
  const row = await getJobRow(c.env.DB, scopeOf(principalOf(c)), id);
  const key = `${artifactPrefix(row.id)}${name}`;
  let object = await c.env.ARTIFACTS.get(key);
  if (
    !object &&
    (JOB_ARTIFACTS as readonly string[]).includes(name) &&
    (await ensureArtifacts(c.env, row, new Set()))
  ) {
    object = await c.env.ARTIFACTS.get(key);
  }
  if (!object) throw new AppError("not_found", `The job has no artifact "${name}"`);
  return new Response(object.body, {
    headers: {
      "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "Content-Length": String(object.size),
      "Content-Disposition": disposition(name),
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const jobsRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid("query");
    let before: { createdAt: number; id: string } | undefined;
    if (q.cursor) {
      const { at, id } = decodeCursor(q.cursor);
      if (!id || !Number.isFinite(Number(at)))
        throw new AppError("bad_request", "The cursor is not valid; start again without it");
      before = { createdAt: Number(at), id };
    }
    const rows = await listJobRows(c.env.DB, scopeOf(principalOf(c)), {
      runbook: q.runbook,
      status: q.status,
      before,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const next = rows.length > q.limit && last ? encodeCursor({ at: String(last.createdAt), id: last.id }) : null;
    return c.json({ items: page.map(toJob), next_cursor: next }, 200);
  })
  .openapi(get, async (c) => {
    const row = await getJobRow(c.env.DB, scopeOf(principalOf(c)), c.req.valid("param").id);
    const stub = runStub(c.env, row);
    const [detail, steps] = await Promise.all([stub.detail(), stub.steps()]);
    const run = JSON.parse(detail) as { status: JobRow["status"]; wait_reason: string | null; output: unknown };
    // The run object is the source of truth; the index row may lag a status change by a moment.
    const job = { ...toJob(row), status: run.status, wait_reason: run.wait_reason };
    return c.json(
      JobDetail.parse({ ...job, steps: toJobSteps(JSON.parse(steps) as StepViewLike[]), output: run.output ?? null }),
      200,
    );
  })
  .openapi(stream, async (c) => {
    const row = await getJobRow(c.env.DB, scopeOf(principalOf(c)), c.req.valid("param").id);
    return runEventStream(c, row.id, c.req.valid("query").last_event_id);
  })
  .openapi(artifacts, async (c) => {
    const row = await getJobRow(c.env.DB, scopeOf(principalOf(c)), c.req.valid("param").id);
    const prefix = artifactPrefix(row.id);
    let objects = await listArtifacts(c.env, row);
    if (await ensureArtifacts(c.env, row, new Set(objects.map((o) => o.key.slice(prefix.length))))) {
      objects = await listArtifacts(c.env, row);
    }
    const items = objects.map((o) => {
      const name = o.key.slice(prefix.length);
      return {
        name,
        size: o.size,
        content_type: o.httpMetadata?.contentType ?? "application/octet-stream",
        url: `/api/v1/jobs/${row.id}/artifacts/${name.split("/").map(encodeURIComponent).join("/")}`,
      };
    });
    return c.json({ items }, 200);
  })
  .openapi(download, async (c) => {
    const { id, name } = c.req.valid("param");
    return serveArtifact(c, id, name);
  })
  .openapi(downloadFile, async (c) => {
    const { id, name } = c.req.valid("param");
    return serveArtifact(c, id, `files/${name}`);
  });
