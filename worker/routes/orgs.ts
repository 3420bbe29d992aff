/** Organizations: create another, read and update the current one's settings, switch between mine. */
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { assertAiConnection } from "../ai/settings";
import { recordAudit } from "../audit/audit";
import { type Principal, scopeOf, systemScope } from "../auth/principal";
import { endSession, issueSession, presentedRefreshToken } from "../auth/sessions";
import type { AppEnv } from "../context";
import { RefreshBody, TokenResponse } from "../contracts/auth";
import { IdParam } from "../contracts/common";
import { CreateOrgBody, Org, UpdateOrgBody } from "../contracts/orgs";
import type { Role } from "../contracts/roles";
import { createDb } from "../db/client";
import { getMemberRole, getOrg } from "../db/repos/members";
import { effectiveLimits, parseSettings } from "../db/repos/orgs";
import { memberships, organizations, users } from "../db/schema";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json, jsonBody } from "./openapi";

function toOrg(row: typeof organizations.$inferSelect, role: Role) {
  const settings = parseSettings(row.settings);
  return { id: row.id, name: row.name, role, settings, limits: effectiveLimits(settings) };
}

function requireUser(principal: Principal): string {
  if (principal.type !== "user") throw new AppError("forbidden", "Only a signed-in user can do this, not an API key");
  return principal.id;
}

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["Organizations"],
  summary: "Create another organization; you become its owner",
  security: bearer,
  middleware: guard("org:read"),
  request: { body: jsonBody(CreateOrgBody) },
  responses: { 201: json(Org, "Created"), ...errors(400, 401, 403) },
});

const current = createRoute({
  method: "get",
  path: "/current",
  tags: ["Organizations"],
  summary: "The current organization, its settings and effective limits",
  security: bearer,
  middleware: guard("org:read"),
  responses: { 200: json(Org, "Organization"), ...errors(401) },
});

const update = createRoute({
  method: "patch",
  path: "/current",
  tags: ["Organizations"],
  summary: "Rename the organization or change its settings and limits (owners)",
  security: bearer,
  middleware: guard("org:manage"),
  request: { body: jsonBody(UpdateOrgBody) },
  responses: { 200: json(Org, "Updated"), ...errors(400, 401, 403) },
});

const switchOrg = createRoute({
  method: "post",
  path: "/{id}/switch",
  tags: ["Organizations"],
  summary: "Switch to another organization you belong to (new token pair)",
  security: bearer,
  middleware: guard("org:read"),
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: RefreshBody } } } },
  responses: { 200: json(TokenResponse, "Signed in to the other organization"), ...errors(401, 403, 404) },
});

/**
 * Signs the user into another org they belong to: a new token pair, and the presented session's
 * refresh family revoked. Browsers call `POST /auth/switch-org`, where the refresh cookie is sent.
 */
export async function switchSession(c: Context<AppEnv>, principal: Principal, orgId: string, refreshToken?: string) {
  const userId = requireUser(principal);
  // Membership is the access check: an org I don't belong to is indistinguishable from none.
  const scope = systemScope(orgId, "checked below: the caller must be a member of the target org");
  const role = await getMemberRole(c.env.DB, scope, userId);
  const org = role ? await getOrg(c.env.DB, scope) : undefined;
  const user = await createDb(c.env.DB).select().from(users).where(eq(users.id, userId)).get();
  if (!role || !org || !user) throw new AppError("not_found", "Organization not found");
  await endSession(c, presentedRefreshToken(c, refreshToken));
  const session = {
    user: { id: user.id, email: user.email, name: user.name },
    org: { id: org.id, name: org.name },
    role,
  };
  return issueSession(c, session, refreshToken !== undefined);
}

export const orgs = createRouter()
  .openapi(create, async (c) => {
    const principal = principalOf(c);
    const userId = requireUser(principal);
    const { name } = c.req.valid("json");
    const db = createDb(c.env.DB);
    const id = newId("org");
    await db.batch([
      db.insert(organizations).values({ id, name }),
      db.insert(memberships).values({ orgId: id, userId, role: "owner" }),
    ]);
    await recordAudit(c, id, principal, { action: "org.created", targetType: "org", targetId: id, metadata: { name } });
    const row = await getOrg(c.env.DB, systemScope(id, "the org was just created by this user"));
    if (!row) throw new AppError("internal", "The new organization could not be read back");
    return c.json(toOrg(row, "owner"), 201);
  })
  .openapi(current, async (c) => {
    const principal = principalOf(c);
    const row = await getOrg(c.env.DB, scopeOf(principal));
    if (!row) throw new AppError("not_found", "Organization not found");
    return c.json(toOrg(row, principal.role), 200);
  })
  .openapi(update, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid("json");
    const scope = scopeOf(principal);
    const row = await getOrg(c.env.DB, scope);
    if (!row) throw new AppError("not_found", "Organization not found");
    const before = toOrg(row, principal.role);
    if (body.settings?.ai) await assertAiConnection(c.env.DB, scope, body.settings.ai);
    const settings = body.settings
      ? { ...before.settings, ...body.settings, limits: { ...before.settings.limits, ...body.settings.limits } }
      : before.settings;
    const name = body.name ?? row.name;
    await createDb(c.env.DB)
      .update(organizations)
      .set({ name, settings, updatedAt: Date.now() })
      .where(eq(organizations.id, scope.orgId));
    await recordAudit(c, scope.orgId, principal, {
      action: "org.settings_changed",
      targetType: "org",
      targetId: scope.orgId,
      metadata: {
        changed: Object.keys(body),
        before: { name: row.name, settings: before.settings },
        after: { name, settings },
      },
    });
    return c.json(toOrg({ ...row, name, settings }, principal.role), 200);
  })
  .openapi(switchOrg, async (c) => {
    const body = c.req.valid("json");
    return c.json(await switchSession(c, principalOf(c), c.req.valid("param").id, body.refresh_token), 200);
  });
