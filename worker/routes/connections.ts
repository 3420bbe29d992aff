/** Connections per org: create, list, read, update, delete and test; write-only (no response holds a secret). */
import { createRoute } from "@hono/zod-openapi";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { withinBaseUrl } from "../connections/base-url";
import { splitCredentials } from "../connections/credentials";
import { resolveConnection } from "../connections/resolve";
import { sealConnectionSecret } from "../connections/secrets";
import { IdParam } from "../contracts/common";
import {
  Connection,
  ConnectionList,
  CreateConnectionBody,
  TestConnectionBody,
  TestConnectionResult,
  UpdateConnectionBody,
} from "../contracts/connections";
import {
  configOf,
  deleteConnection,
  getConnection,
  getConnectionByName,
  insertConnection,
  listConnections,
  toConnection,
  updateConnection,
} from "../db/repos/connections";
import { StepFailure } from "../engine/run/errors";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { FetchFailedError, NetworkPolicyError, policyFromEnv, safeFetch } from "../net";
import { createRouter } from "../router";
import { bearer, errors, json, jsonBody } from "./openapi";

const tags = ["Connections"];

const create = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Create a connection (its secret is never returned)",
  security: bearer,
  middleware: guard("secrets:manage"),
  request: { body: jsonBody(CreateConnectionBody) },
  responses: { 201: json(Connection, "Created"), ...errors(400, 401, 403, 409) },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "List connections (type, name, masked hint, last used)",
  security: bearer,
  middleware: guard("org:read"),
  responses: { 200: json(ConnectionList, "Connections"), ...errors(401, 403) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "Get a connection (never its secret)",
  security: bearer,
  middleware: guard("org:read"),
  request: { params: IdParam },
  responses: { 200: json(Connection, "The connection"), ...errors(401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  summary: "Rename a connection, change its base URL or replace its credentials",
  security: bearer,
  middleware: guard("secrets:manage"),
  request: { params: IdParam, body: jsonBody(UpdateConnectionBody) },
  responses: { 200: json(Connection, "Updated"), ...errors(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  summary: "Delete a connection; steps using it fail preflight",
  security: bearer,
  middleware: guard("secrets:manage"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404) },
});

const test = createRoute({
  method: "post",
  path: "/{id}/test",
  tags,
  summary: "GET a URL with the connection's credentials (through the network policy) and report the status",
  security: bearer,
  middleware: guard("secrets:manage"),
  request: { params: IdParam, body: jsonBody(TestConnectionBody) },
  responses: { 200: json(TestConnectionResult, "The outcome"), ...errors(400, 401, 403, 404) },
});

function duplicateName(name: string): AppError {
  return new AppError("conflict", `A connection named “${name}” already exists`, {
    details: { issues: [{ path: "name", code: "duplicate", message: "Names are unique per organization" }] },
  });
}

export const connectionsRoutes = createRouter()
  .openapi(create, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const body = c.req.valid("json");
    if (await getConnectionByName(c.env.DB, scope, body.name)) throw duplicateName(body.name);
    const id = newId("con");
    const split = splitCredentials(body.credentials, { base_url: body.base_url });
    const sealed = await sealConnectionSecret(c.env, id, split.secret);
    const now = Date.now();
    const row = await insertConnection(c.env.DB, scope, {
      id,
      name: body.name,
      type: split.type,
      secretCiphertext: sealed.ciphertext,
      keyId: sealed.keyId,
      hint: split.hint,
      config: split.config,
      expiresAt: split.expiresAt,
      createdBy: principal.id,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(c, principal.orgId, principal, {
      action: "connection.created",
      targetType: "connection",
      targetId: id,
      metadata: { name: row.name, type: row.type },
    });
    return c.json(toConnection(row, now), 201);
  })
  .openapi(list, async (c) => {
    const rows = await listConnections(c.env.DB, scopeOf(principalOf(c)));
    const now = Date.now();
    return c.json({ items: rows.map((r) => toConnection(r, now)) }, 200);
  })
  .openapi(read, async (c) => {
    const row = await getConnection(c.env.DB, scopeOf(principalOf(c)), c.req.valid("param").id);
    if (!row) throw new AppError("not_found", "No such connection");
    return c.json(toConnection(row, Date.now()), 200);
  })
  .openapi(update, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const row = await getConnection(c.env.DB, scope, id);
    if (!row) throw new AppError("not_found", "No such connection");
    if (body.name !== undefined && body.name !== row.name) {
      if (await getConnectionByName(c.env.DB, scope, body.name)) throw duplicateName(body.name);
    }
    const now = Date.now();
    const baseUrl = body.base_url === undefined ? configOf(row).base_url : (body.base_url ?? undefined);
    let values: Parameters<typeof updateConnection>[3] = { updatedAt: now };
    if (body.name !== undefined) values.name = body.name;
    if (body.credentials) {
      const split = splitCredentials(body.credentials, { base_url: baseUrl });
      const sealed = await sealConnectionSecret(c.env, id, split.secret);
      values = {
        ...values,
        type: split.type,
        secretCiphertext: sealed.ciphertext,
        keyId: sealed.keyId,
        hint: split.hint,
        config: split.config,
        expiresAt: split.expiresAt,
      };
    } else if (body.base_url !== undefined) {
      // The pin keeps the secret on one API: moving it (or lifting it) needs the credentials typed again.
      if ((body.base_url ?? undefined) !== configOf(row).base_url) {
        throw new AppError("secret_required", "Changing the base URL needs the credentials again", {
          details: { issues: [{ path: "credentials", message: "Enter the credentials for the new base URL" }] },
        });
      }
      const { base_url: _old, ...rest } = configOf(row);
      values.config = baseUrl ? { ...rest, base_url: baseUrl } : rest;
    }
    const updated = await updateConnection(c.env.DB, scope, id, values);
    if (!updated) throw new AppError("not_found", "No such connection");
    await recordAudit(c, principal.orgId, principal, {
      action: "connection.updated",
      targetType: "connection",
      targetId: id,
      // Which parts changed, never their values.
      metadata: { name: updated.name, fields: Object.keys(body).sort() },
    });
    return c.json(toConnection(updated, now), 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid("param");
    const row = await getConnection(c.env.DB, scopeOf(principal), id);
    if (!row || !(await deleteConnection(c.env.DB, scopeOf(principal), id))) {
      throw new AppError("not_found", "No such connection");
    }
    await recordAudit(c, principal.orgId, principal, {
      action: "connection.deleted",
      targetType: "connection",
      targetId: id,
      metadata: { name: row.name, type: row.type },
    });
    return c.body(null, 204);
  })
  .openapi(test, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid("param");
    const { url } = c.req.valid("json");
    let resolved: Awaited<ReturnType<typeof resolveConnection>>;
    try {
      resolved = await resolveConnection(c.env, principal.orgId, id, Date.now());
    } catch (err) {
      if (err instanceof StepFailure)
        return c.json({ ok: false, status: null, message: err.stepError.message_human }, 200);
      throw err;
    }
    if (!resolved) throw new AppError("not_found", "No such connection");
    const target = new URL(url);
    // A pinned connection's credentials go only under its base URL, in a test too.
    if (resolved.base_url && !withinBaseUrl(target, resolved.base_url)) {
      throw new AppError("connection_scope", `This connection only sends its credentials under ${resolved.base_url}`, {
        details: { issues: [{ path: "url", message: `Use a URL under ${resolved.base_url}` }] },
      });
    }
    for (const [name, value] of Object.entries(resolved.query ?? {})) target.searchParams.set(name, value);
    try {
      const res = await safeFetch(target.href, {
        method: "GET",
        headers: resolved.headers,
        policy: policyFromEnv(c.env).policy,
        sensitiveHeaders: Object.keys(resolved.headers),
      });
      // Only the status travels back: the body could echo the credentials.
      return c.json({ ok: res.ok, status: res.status, message: `${target.host} answered ${res.status}` }, 200);
    } catch (err) {
      if (err instanceof NetworkPolicyError || err instanceof FetchFailedError) {
        return c.json({ ok: false, status: null, message: err.message }, 200);
      }
      throw err;
    }
  });
