/** Contracts of members and invites. */
import { z } from "@hono/zod-openapi";
import { Email, Timestamp } from "./common";
import { AssignableRole, Role } from "./roles";

export const Member = z
  .object({ user_id: z.string(), email: z.string(), name: z.string(), role: Role, joined_at: Timestamp })
  .openapi("Member");

export const MemberList = z.object({ items: z.array(Member) }).openapi("MemberList");

export const UserIdParam = z.object({
  user_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "user_id", in: "path" } }),
});

export const ChangeRoleBody = z.object({ role: Role }).openapi("ChangeRoleRequest");

export const InviteBody = z.object({ email: Email, role: AssignableRole }).openapi("InviteRequest");

export const Invite = z
  .object({
    id: z.string(),
    email: z.string(),
    role: AssignableRole,
    expires_at: Timestamp,
    created_at: Timestamp,
  })
  .openapi("Invite");

export const CreatedInvite = Invite.extend({
  invite_url: z.string().openapi({ description: "One-time link; shown only in this response" }),
}).openapi("CreatedInvite");

export const InviteList = z.object({ items: z.array(Invite) }).openapi("InviteList");
