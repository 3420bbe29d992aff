/** Self-hosted runners of the org: register (the token is shown once), list with status, revoke (immediate). */
import { createRoute } from "@hono/zod-openapi";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { IdParam } from "../contracts/common";
import { CreatedRunner, CreateRunnerBody, RunnerList } from "../contracts/runners";
import { getRunner, insertRunner, listRunners, revokeRunner, toRunner } from "../db/repos/runners";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { leaseSecondsOf } from "../runners/protocol";
import { generateRunnerToken } from "../runners/token";
import { bearer, errors, json, jsonBody } from "./openapi";

const TAG = ["Runners"];

const create = createRoute({
  method: "post",
  path: "/",
  tags: TAG,
  summary: "Register a self-hosted runner (its token is returned once)",
  security: bearer,
  middleware: guard("runners:manage"),
  request: { body: jsonBody(CreateRunnerBody) },
  responses: { 201: json(CreatedRunner, "Registered"), ...errors(400, 401, 403) },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: TAG,
  summary: "List runners with their status (online when seen within two lease periods)",
  security: bearer,
  middleware: guard("runners:read"),
  responses: { 200: json(RunnerList, "Runners"), ...errors(401, 403) },
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  tags: TAG,
  summary: "Revoke a runner; its token stops working at once",
  security: bearer,
  middleware: guard("runners:manage"),
  request: { params: IdParam },
  responses: { 204: { description: "Revoked" }, ...errors(401, 403, 404) },
});

export const runnersRoutes = createRouter()
  .openapi(create, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid("json");
    const token = await generateRunnerToken();
    const row = await insertRunner(c.env.DB, scopeOf(principal), {
      id: newId("rnr"),
      name: body.name,
      labels: [...new Set(body.labels)],
      tokenPrefix: token.prefix,
      tokenHash: token.hash,
      createdBy: principal.id,
    });
    await recordAudit(c, principal.orgId, principal, {
      action: "runner.registered",
      targetType: "runner",
      targetId: row.id,
      metadata: { name: row.name, labels: row.labels },
    });
    return c.json({ runner: toRunner(row, Date.now(), leaseSecondsOf(c.env), null), token: token.secret }, 201);
  })
  .openapi(list, async (c) =>
    c.json({ items: await listRunners(c.env.DB, scopeOf(principalOf(c)), Date.now(), leaseSecondsOf(c.env)) }, 200),
  )
  .openapi(revoke, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const row = await getRunner(c.env.DB, scope, id);
    if (!row) throw new AppError("not_found", "No such runner");
    if (row.revokedAt === null) {
      await revokeRunner(c.env.DB, scope, id, Date.now());
      await recordAudit(c, principal.orgId, principal, {
        action: "runner.revoked",
        targetType: "runner",
        targetId: id,
        metadata: { name: row.name },
      });
    }
    return c.body(null, 204);
  });
