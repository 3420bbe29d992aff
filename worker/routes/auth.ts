/**
 * Accounts and sessions: register, login, refresh (rotating, with reuse detection), logout, and
 * accepting an invite. Public routes: they authenticate with a password or a refresh token.
 */
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { clientIp, recordAudit } from "../audit/audit";
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from "../auth/password";
import { systemScope } from "../auth/principal";
import { assertUnderLimit, countFailure, LOGIN_LIMITS, resetCounter } from "../auth/rate-limit";
import { clearRefreshCookie, endSession, issueSession, presentedRefreshToken, rotateSession } from "../auth/sessions";
import {
  AcceptInviteBody,
  LoginBody,
  RefreshBody,
  RegisterBody,
  SwitchOrgBody,
  TokenResponse,
} from "../contracts/auth";
import { createDb } from "../db/client";
import { addMember, getMemberRole } from "../db/repos/members";
import { invites, memberships, organizations, users } from "../db/schema";
import { AppError } from "../errors";
import { sha256Hex } from "../lib/encoding";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json, jsonBody } from "./openapi";
import { switchSession } from "./orgs";

/** Audit events that belong to no organization (e.g. a sign-in attempt for an unknown email). */
export const SYSTEM_AUDIT_ORG = "_system";

function weakPassword(message: string): AppError {
  return new AppError("validation_failed", message, {
    details: { issues: [{ path: "password", code: "weak_password", message }] },
  });
}

const register = createRoute({
  method: "post",
  path: "/register",
  tags: ["Auth"],
  summary: "Create an account and a new organization (you become its owner)",
  request: { body: jsonBody(RegisterBody) },
  responses: { 201: json(TokenResponse, "Signed in"), ...errors(400, 409, 413) },
});

const login = createRoute({
  method: "post",
  path: "/login",
  tags: ["Auth"],
  summary: "Sign in with email and password",
  description: "Answers an access token and sets the refresh token in an HttpOnly cookie scoped to /api/v1/auth.",
  request: { body: jsonBody(LoginBody) },
  responses: { 200: json(TokenResponse, "Signed in"), ...errors(400, 401, 403, 429) },
});

const refresh = createRoute({
  method: "post",
  path: "/refresh",
  tags: ["Auth"],
  summary: "Exchange a refresh token for a new pair (each refresh token works once)",
  request: { body: { required: false, content: { "application/json": { schema: RefreshBody } } } },
  responses: { 200: json(TokenResponse, "New tokens"), ...errors(400, 401) },
});

const logout = createRoute({
  method: "post",
  path: "/logout",
  tags: ["Auth"],
  summary: "Sign out: revoke the session's refresh tokens and clear the cookie",
  request: { body: { required: false, content: { "application/json": { schema: RefreshBody } } } },
  responses: { 204: { description: "Signed out" }, ...errors(400) },
});

const acceptInvite = createRoute({
  method: "post",
  path: "/accept-invite",
  tags: ["Auth"],
  summary: "Join an organization with a one-time invite link",
  description:
    "Creates the account when the invited email has none (name and password required), else checks its password.",
  request: { body: jsonBody(AcceptInviteBody) },
  responses: { 200: json(TokenResponse, "Joined and signed in"), ...errors(400, 401, 404, 409) },
});

const switchOrgRoute = createRoute({
  method: "post",
  path: "/switch-org",
  tags: ["Auth"],
  summary: "Switch to another organization you belong to (browsers: the refresh cookie is sent here)",
  security: bearer,
  middleware: guard("org:read"),
  request: { body: jsonBody(SwitchOrgBody) },
  responses: { 200: json(TokenResponse, "Signed in to the other organization"), ...errors(400, 401, 404) },
});

export const auth = createRouter()
  .openapi(register, async (c) => {
    const body = c.req.valid("json");
    const problem = passwordProblem(body.password, body);
    if (problem) throw weakPassword(problem);
    const db = createDb(c.env.DB);
    const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, body.email)).get();
    if (existing) throw new AppError("conflict", "An account with this email already exists; sign in instead");
    const user = { id: newId("usr"), email: body.email, name: body.name };
    const org = { id: newId("org"), name: body.org_name };
    await db.batch([
      db.insert(organizations).values(org),
      db.insert(users).values({ ...user, passwordHash: await hashPassword(body.password) }),
      db.insert(memberships).values({ orgId: org.id, userId: user.id, role: "owner" }),
    ]);
    const actor = { actorType: "user" as const, actorId: user.id };
    await recordAudit(c, org.id, actor, { action: "user.registered", targetType: "user", targetId: user.id });
    await recordAudit(c, org.id, actor, {
      action: "org.created",
      targetType: "org",
      targetId: org.id,
      metadata: { name: org.name },
    });
    return c.json(await issueSession(c, { user, org, role: "owner" }), 201);
  })
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    const ip = clientIp(c) ?? "unknown";
    await assertUnderLimit(c.env.DB, `login:email:${email}`, LOGIN_LIMITS.email);
    await assertUnderLimit(c.env.DB, `login:ip:${ip}`, LOGIN_LIMITS.ip);
    const db = createDb(c.env.DB);
    const user = await db.select().from(users).where(eq(users.email, email)).get();
    // Verify against a dummy hash for unknown emails so timing doesn't reveal which exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    const orgs = user
      ? await db
          .select({ org: organizations, role: memberships.role })
          .from(memberships)
          .innerJoin(organizations, eq(organizations.id, memberships.orgId))
          .where(eq(memberships.userId, user.id))
          .orderBy(asc(memberships.createdAt))
      : [];
    const first = orgs[0];
    if (!user || !ok) {
      await countFailure(c.env.DB, `login:email:${email}`, LOGIN_LIMITS.email);
      await countFailure(c.env.DB, `login:ip:${ip}`, LOGIN_LIMITS.ip);
      await recordAudit(
        c,
        first?.org.id ?? SYSTEM_AUDIT_ORG,
        { actorType: "user", actorId: user?.id ?? null },
        {
          action: "auth.login_failed",
          targetType: "user",
          targetId: user?.id,
          metadata: { email, reason: user ? "wrong_password" : "unknown_email" },
        },
      );
      throw new AppError("invalid_credentials", "The email or password is incorrect");
    }
    if (!first) throw new AppError("forbidden", "Your account doesn't belong to any organization; ask for an invite");
    await resetCounter(c.env.DB, `login:email:${email}`);
    const session = {
      user: { id: user.id, email: user.email, name: user.name },
      org: { id: first.org.id, name: first.org.name },
      role: first.role,
    };
    await recordAudit(
      c,
      first.org.id,
      { actorType: "user", actorId: user.id },
      { action: "auth.login_succeeded", targetType: "user", targetId: user.id },
    );
    return c.json(await issueSession(c, session), 200);
  })
  .openapi(refresh, async (c) => {
    const body = c.req.valid("json");
    const token = presentedRefreshToken(c, body.refresh_token);
    if (!token) throw new AppError("invalid_token", "No refresh token; sign in again");
    try {
      return c.json(await rotateSession(c, token, body.refresh_token !== undefined), 200);
    } catch (err) {
      clearRefreshCookie(c);
      throw err;
    }
  })
  .openapi(logout, async (c) => {
    const body = c.req.valid("json");
    const ended = await endSession(c, presentedRefreshToken(c, body.refresh_token));
    clearRefreshCookie(c);
    if (ended) {
      await recordAudit(
        c,
        ended.orgId,
        { actorType: "user", actorId: ended.userId },
        {
          action: "auth.logout",
          targetType: "token_family",
          targetId: ended.familyId,
        },
      );
    }
    return c.body(null, 204);
  })
  .openapi(switchOrgRoute, async (c) => {
    const body = c.req.valid("json");
    return c.json(await switchSession(c, principalOf(c), body.org_id, body.refresh_token), 200);
  })
  .openapi(acceptInvite, async (c) => {
    const body = c.req.valid("json");
    const db = createDb(c.env.DB);
    const invite = await db
      .select()
      .from(invites)
      .where(
        and(
          eq(invites.tokenHash, await sha256Hex(body.token)),
          isNull(invites.acceptedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, Date.now()),
        ),
      )
      .get();
    if (!invite) throw new AppError("not_found", "This invite link is invalid, expired or already used");
    const scope = systemScope(invite.orgId, "accepting an invite proves membership of the inviting org");
    let user = await db.select().from(users).where(eq(users.email, invite.email)).get();
    if (user) {
      if (!(await verifyPassword(body.password, user.passwordHash))) {
        throw new AppError("invalid_credentials", "The password is incorrect for this account");
      }
      if (await getMemberRole(c.env.DB, scope, user.id))
        throw new AppError("conflict", "You are already a member of this organization");
    } else {
      if (!body.name) {
        throw new AppError("validation_failed", "Enter your name", {
          details: { issues: [{ path: "name", code: "required", message: "Enter your name" }] },
        });
      }
      const problem = passwordProblem(body.password, { email: invite.email, name: body.name });
      if (problem) throw weakPassword(problem);
      const created = {
        id: newId("usr"),
        email: invite.email,
        name: body.name,
        passwordHash: await hashPassword(body.password),
      };
      await db.insert(users).values(created);
      user = { ...created, createdAt: Date.now(), updatedAt: Date.now() };
    }
    // Claim the invite first so two concurrent accepts can't both join.
    const claimed = await db
      .update(invites)
      .set({ acceptedAt: Date.now() })
      .where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt)))
      .returning({ id: invites.id });
    if (claimed.length === 0) throw new AppError("not_found", "This invite link is invalid, expired or already used");
    await addMember(c.env.DB, scope, user.id, invite.role);
    const org = await db.select().from(organizations).where(eq(organizations.id, invite.orgId)).get();
    if (!org) throw new AppError("not_found", "The organization no longer exists");
    await recordAudit(
      c,
      org.id,
      { actorType: "user", actorId: user.id },
      {
        action: "member.joined",
        targetType: "user",
        targetId: user.id,
        metadata: { role: invite.role, invite_id: invite.id },
      },
    );
    const session = {
      user: { id: user.id, email: user.email, name: user.name },
      org: { id: org.id, name: org.name },
      role: invite.role,
    };
    return c.json(await issueSession(c, session), 200);
  });
