/**
 * The runner protocol (`/api/v1/runner/*`), spoken by `fluxo-runner` with its `fxr_…` token: long-poll
 * claim, heartbeat (lease renewal, cancel), output lines, artifact upload, completion. Plain HTTP, so the
 * CLI needs nothing beyond Node's fetch.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { systemScope } from "../auth/principal";
import {
  Accepted,
  ArtifactParam,
  ArtifactStored,
  ClaimBody,
  ClaimedTask,
  CompleteBody,
  HeartbeatAnswer,
  LogsBody,
  MAX_CLAIM_WAIT_MS,
  TaskIdParam,
} from "../contracts/runners";
import { touchRunner } from "../db/repos/runners";
import { createRunnerRouter, runnerAuth, runnerOf, runnerSecurity } from "../runners/auth";
import { appendLogs, claimOnce, complete, effectiveLabels, heartbeat, storeArtifact } from "../runners/protocol";
import { errors, json, jsonBody } from "./openapi";

const TAG = ["Runner protocol"];
/** How often a waiting claim looks for work. */
const CLAIM_POLL_MS = 500;

const claim = createRoute({
  method: "post",
  path: "/claim",
  tags: TAG,
  summary: "Wait (up to 20 s) for a task whose labels this runner offers, and lease it",
  security: runnerSecurity,
  middleware: [runnerAuth()],
  request: { body: jsonBody(ClaimBody) },
  responses: {
    200: json(ClaimedTask, "A task, leased to this runner"),
    204: { description: "No work; ask again" },
    ...errors(400, 401),
  },
});

const beat = createRoute({
  method: "post",
  path: "/tasks/{id}/heartbeat",
  tags: TAG,
  summary: "Renew the task's lease; `cancel: true` means kill the process",
  security: runnerSecurity,
  middleware: [runnerAuth()],
  request: { params: TaskIdParam },
  responses: { 200: json(HeartbeatAnswer, "Lease renewed"), ...errors(401, 404, 409) },
});

const logs = createRoute({
  method: "post",
  path: "/tasks/{id}/logs",
  tags: TAG,
  summary: "Append output lines to the run's logs (shown live)",
  security: runnerSecurity,
  middleware: [runnerAuth()],
  request: { params: TaskIdParam, body: jsonBody(LogsBody) },
  responses: { 200: json(Accepted, "Appended"), ...errors(400, 401, 404, 409) },
});

const artifact = createRoute({
  method: "put",
  path: "/tasks/{id}/artifacts/{name}",
  tags: TAG,
  summary: "Upload a file the command produced (raw body) into the job's artifacts",
  security: runnerSecurity,
  middleware: [runnerAuth()],
  request: {
    params: ArtifactParam,
    body: {
      required: false,
      content: { "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) } },
    },
  },
  responses: { 200: json(ArtifactStored, "Stored"), ...errors(400, 401, 404, 409, 413) },
});

const done = createRoute({
  method: "post",
  path: "/tasks/{id}/complete",
  tags: TAG,
  summary: "Report the exit code: 0 succeeds the step, anything else fails it",
  security: runnerSecurity,
  middleware: [runnerAuth()],
  request: { params: TaskIdParam, body: jsonBody(CompleteBody) },
  responses: { 200: json(Accepted, "Recorded"), ...errors(400, 401, 404, 409) },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const runnerProtocolRoutes = createRunnerRouter()
  .openapi(claim, async (c) => {
    const runner = runnerOf(c);
    const body = c.req.valid("json");
    const labels = effectiveLabels(runner.labels, body.labels);
    const started = Date.now();
    await touchRunner(c.env.DB, systemScope(runner.orgId, "a runner reports in"), runner.id, {
      now: started,
      version: body.version,
    });
    const waitMs = Math.min(body.wait_ms ?? MAX_CLAIM_WAIT_MS, MAX_CLAIM_WAIT_MS);
    for (;;) {
      const task = await claimOnce(c.env, runner, labels, Date.now());
      if (task) return c.json({ task }, 200);
      if (Date.now() - started + CLAIM_POLL_MS > waitMs) break;
      await sleep(CLAIM_POLL_MS);
    }
    return c.body(null, 204);
  })
  .openapi(beat, async (c) => {
    const runner = runnerOf(c);
    const now = Date.now();
    await touchRunner(c.env.DB, systemScope(runner.orgId, "a runner reports in"), runner.id, { now });
    return c.json(await heartbeat(c.env, runner, c.req.valid("param").id, now), 200);
  })
  .openapi(logs, async (c) => {
    await appendLogs(c.env, runnerOf(c), c.req.valid("param").id, c.req.valid("json").lines);
    return c.json({ ok: true as const }, 200);
  })
  .openapi(artifact, async (c) => {
    const { id, name } = c.req.valid("param");
    const body = await c.req.arrayBuffer();
    const contentType = c.req.header("Content-Type") ?? "application/octet-stream";
    return c.json(await storeArtifact(c.env, runnerOf(c), id, { name, body, contentType }), 200);
  })
  .openapi(done, async (c) => {
    await complete(c.env, runnerOf(c), c.req.valid("param").id, c.req.valid("json"), Date.now());
    return c.json({ ok: true as const }, 200);
  });
