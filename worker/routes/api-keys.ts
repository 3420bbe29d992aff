/** API keys per org: create (the secret is shown once), list, revoke (immediate). */
import { createRoute } from "@hono/zod-openapi";
import { recordAudit } from "../audit/audit";
import { generateApiKey } from "../auth/api-keys";
import { scopeOf } from "../auth/principal";
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey } from "../contracts/api-keys";
import { IdParam } from "../contracts/common";
import { roleAtMost } from "../contracts/roles";
import { getApiKey, insertApiKey, listApiKeys, revokeApiKey, toApiKey } from "../db/repos/api-keys";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json, jsonBody } from "./openapi";

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["API keys"],
  summary: "Create an API key (its secret is returned once)",
  security: bearer,
  middleware: guard("api_keys:manage"),
  request: { body: jsonBody(CreateApiKeyBody) },
  responses: { 201: json(CreatedApiKey, "Created"), ...errors(400, 401, 403) },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["API keys"],
  summary: "List API keys (never their secrets)",
  security: bearer,
  middleware: guard("api_keys:read"),
  responses: { 200: json(ApiKeyList, "Keys"), ...errors(401, 403) },
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["API keys"],
  summary: "Revoke an API key; it stops working at once",
  security: bearer,
  middleware: guard("api_keys:manage"),
  request: { params: IdParam },
  responses: { 204: { description: "Revoked" }, ...errors(401, 403, 404) },
});

export const apiKeysRoutes = createRouter()
  .openapi(create, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid("json");
    if (!roleAtMost(body.role, principal.role)) {
      throw new AppError("forbidden", `You can't create a key with more rights than your own role (${principal.role})`);
    }
    const expiresAt = body.expires_at ? Date.parse(body.expires_at) : null;
    if (expiresAt !== null && expiresAt <= Date.now()) {
      throw new AppError("validation_failed", "The expiry must be in the future", {
        details: { issues: [{ path: "expires_at", code: "in_the_past", message: "The expiry must be in the future" }] },
      });
    }
    const key = await generateApiKey();
    const row = await insertApiKey(c.env.DB, scopeOf(principal), {
      id: newId("key"),
      name: body.name,
      role: body.role,
      prefix: key.prefix,
      keyHash: key.hash,
      createdBy: principal.id,
      expiresAt,
    });
    await recordAudit(c, principal.orgId, principal, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: row.id,
      metadata: { name: row.name, role: row.role },
    });
    return c.json({ ...toApiKey(row), secret: key.secret }, 201);
  })
  .openapi(list, async (c) => c.json({ items: await listApiKeys(c.env.DB, scopeOf(principalOf(c))) }, 200))
  .openapi(revoke, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const row = await getApiKey(c.env.DB, scope, id);
    if (!row) throw new AppError("not_found", "No such API key");
    if (row.revokedAt === null) {
      await revokeApiKey(c.env.DB, scope, id);
      await recordAudit(c, principal.orgId, principal, {
        action: "api_key.revoked",
        targetType: "api_key",
        targetId: id,
        metadata: { name: row.name },
      });
    }
    return c.body(null, 204);
  });
