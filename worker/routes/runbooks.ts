/** Runbooks: the catalog (`runbooks:read`) and executing one as a job (`runbooks:execute`, answers 202). */
import { createRoute } from "@hono/zod-openapi";
import { scopeOf } from "../auth/principal";
import {
  ExecuteRunbookBody,
  ExecuteRunbookResult,
  Runbook,
  RunbookList,
  RunbookNameParam,
} from "../contracts/runbooks";
import { AppError } from "../errors";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { executeRunbook } from "../runbooks/execute";
import { getRunbook, listRunbooks } from "../runbooks/registry";
import type { RunbookDefinition } from "../runbooks/types";
import { bearer, errors, json, jsonBody } from "./openapi";

const TAG = ["Runbooks"];

/** The catalog entry of a runbook (its workflow graph stays on the server). */
export function toRunbook(def: RunbookDefinition): Runbook {
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    category: def.category,
    risk: def.risk,
    version: def.version,
    required_connections: def.required_connections.map((c) => ({ ...c })),
    schema_json: def.schema_json,
    supports_dry_run: def.supports_dry_run,
  };
}

const list = createRoute({
  method: "get",
  path: "/",
  tags: TAG,
  summary: "The runbook catalog: DevOps procedures with an input form (schema_json) and a risk level",
  security: bearer,
  middleware: guard("runbooks:read"),
  responses: { 200: json(RunbookList, "Runbooks"), ...errors(401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/{name}",
  tags: TAG,
  summary: "One runbook",
  security: bearer,
  middleware: guard("runbooks:read"),
  request: { params: RunbookNameParam },
  responses: { 200: json(Runbook, "The runbook"), ...errors(401, 403, 404) },
});

const execute = createRoute({
  method: "post",
  path: "/{name}/execute",
  tags: TAG,
  summary:
    "Execute a runbook: validates the inputs and starts a job (never inside this request); high-risk jobs wait for an approval",
  security: bearer,
  middleware: guard("runbooks:execute"),
  request: { params: RunbookNameParam, body: jsonBody(ExecuteRunbookBody) },
  responses: {
    202: json(ExecuteRunbookResult, "The job was created; follow it at /api/v1/jobs/{job_id}"),
    ...errors(400, 401, 403, 404, 409, 413),
  },
});

export const runbooksRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: listRunbooks().map(toRunbook) }, 200))
  .openapi(get, async (c) => {
    const { name } = c.req.valid("param");
    const def = getRunbook(name);
    if (!def) throw new AppError("runbook_not_found", `There is no runbook called "${name}"`);
    return c.json(toRunbook(def), 200);
  })
  .openapi(execute, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid("json");
    const started = await executeRunbook(c.env, scopeOf(principal), principal, {
      name: c.req.valid("param").name,
      inputs: body.inputs,
      connections: body.connections,
      dry_run: body.dry_run,
    });
    return c.json(started, 202);
  });
