/**
 * Members of the current org and invites. Admins manage members; only owners grant, change or
 * remove ownership, and the last owner can't be removed or demoted.
 */
import { createRoute } from "@hono/zod-openapi";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { IdParam } from "../contracts/common";
import {
  ChangeRoleBody,
  CreatedInvite,
  InviteBody,
  InviteList,
  Member,
  MemberList,
  UserIdParam,
} from "../contracts/members";
import {
  countOwners,
  createInvite,
  getMemberRole,
  listMembers,
  listPendingInvites,
  removeMember,
  revokeInvite,
  setMemberRole,
  toInvite,
} from "../db/repos/members";
import { AppError } from "../errors";
import { randomToken, sha256Hex } from "../lib/encoding";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json, jsonBody } from "./openapi";

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Members"],
  summary: "Members of the current organization",
  security: bearer,
  middleware: guard("members:read"),
  responses: { 200: json(MemberList, "Members"), ...errors(401) },
});

const changeRole = createRoute({
  method: "patch",
  path: "/{user_id}",
  tags: ["Members"],
  summary: "Change a member's role",
  security: bearer,
  middleware: guard("members:manage"),
  request: { params: UserIdParam, body: jsonBody(ChangeRoleBody) },
  responses: { 200: json(Member, "Updated"), ...errors(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/{user_id}",
  tags: ["Members"],
  summary: "Remove a member (their sessions in this organization end)",
  security: bearer,
  middleware: guard("members:manage"),
  request: { params: UserIdParam },
  responses: { 204: { description: "Removed" }, ...errors(401, 403, 404, 409) },
});

const invite = createRoute({
  method: "post",
  path: "/invites",
  tags: ["Members"],
  summary: "Invite someone by email; the one-time link is returned (no email is sent)",
  security: bearer,
  middleware: guard("members:manage"),
  request: { body: jsonBody(InviteBody) },
  responses: { 201: json(CreatedInvite, "Invite created"), ...errors(400, 401, 403, 409) },
});

const listInvites = createRoute({
  method: "get",
  path: "/invites",
  tags: ["Members"],
  summary: "Pending invites",
  security: bearer,
  middleware: guard("members:manage"),
  responses: { 200: json(InviteList, "Invites"), ...errors(401, 403) },
});

const cancelInvite = createRoute({
  method: "delete",
  path: "/invites/{id}",
  tags: ["Members"],
  summary: "Cancel a pending invite",
  security: bearer,
  middleware: guard("members:manage"),
  request: { params: IdParam },
  responses: { 204: { description: "Canceled" }, ...errors(401, 403, 404) },
});

export const members = createRouter()
  .openapi(list, async (c) => c.json({ items: await listMembers(c.env.DB, scopeOf(principalOf(c))) }, 200))
  .openapi(listInvites, async (c) =>
    c.json({ items: await listPendingInvites(c.env.DB, scopeOf(principalOf(c))) }, 200),
  )
  .openapi(invite, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const body = c.req.valid("json");
    const existing = await listMembers(c.env.DB, scope);
    if (existing.some((m) => m.email === body.email))
      throw new AppError("conflict", `${body.email} is already a member`);
    const token = randomToken(32);
    const row = await createInvite(c.env.DB, scope, {
      id: newId("inv"),
      email: body.email,
      role: body.role,
      tokenHash: await sha256Hex(token),
      invitedBy: principal.id,
      expiresAt: Date.now() + INVITE_TTL_MS,
    });
    await recordAudit(c, scope.orgId, principal, {
      action: "member.invited",
      targetType: "invite",
      targetId: row.id,
      metadata: { email: body.email, role: body.role },
    });
    const origin = new URL(c.req.url).origin;
    return c.json({ ...toInvite(row), invite_url: `${origin}/invite/${token}` }, 201);
  })
  .openapi(cancelInvite, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid("param");
    if (!(await revokeInvite(c.env.DB, scopeOf(principal), id)))
      throw new AppError("not_found", "No such pending invite");
    await recordAudit(c, principal.orgId, principal, {
      action: "member.invite_canceled",
      targetType: "invite",
      targetId: id,
    });
    return c.body(null, 204);
  })
  .openapi(changeRole, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { user_id: userId } = c.req.valid("param");
    const { role } = c.req.valid("json");
    const current = await getMemberRole(c.env.DB, scope, userId);
    if (!current) throw new AppError("not_found", "No such member");
    if ((current === "owner" || role === "owner") && principal.role !== "owner") {
      throw new AppError("forbidden", "Only an owner can grant, change or remove ownership");
    }
    if (current === "owner" && role !== "owner" && (await countOwners(c.env.DB, scope)) <= 1) {
      throw new AppError("conflict", "The organization needs at least one owner; make someone else owner first");
    }
    if (current !== role) {
      await setMemberRole(c.env.DB, scope, userId, role);
      await recordAudit(c, scope.orgId, principal, {
        action: "member.role_changed",
        targetType: "user",
        targetId: userId,
        metadata: { from: current, to: role },
      });
    }
    const member = (await listMembers(c.env.DB, scope)).find((m) => m.user_id === userId);
    if (!member) throw new AppError("not_found", "No such member");
    return c.json(member, 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { user_id: userId } = c.req.valid("param");
    const current = await getMemberRole(c.env.DB, scope, userId);
    if (!current) throw new AppError("not_found", "No such member");
    if (current === "owner" && principal.role !== "owner")
      throw new AppError("forbidden", "Admins can't remove an owner");
    if (current === "owner" && (await countOwners(c.env.DB, scope)) <= 1) {
      throw new AppError("conflict", "The last owner can't be removed");
    }
    await removeMember(c.env.DB, scope, userId);
    await recordAudit(c, scope.orgId, principal, {
      action: "member.removed",
      targetType: "user",
      targetId: userId,
      metadata: { role: current },
    });
    return c.body(null, 204);
  });
