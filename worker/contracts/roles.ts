/**
 * Roles and the permission matrix: the one place that says who may do what. Routes ask for a
 * permission, never for a role.
 */
import { z } from "zod";

export const Role = z.enum(["owner", "admin", "operator", "viewer"]);
export type Role = z.infer<typeof Role>;

/** Roles an invite or API key may carry (ownership is only granted by an owner, to a member). */
export const AssignableRole = z.enum(["admin", "operator", "viewer"]);
export type AssignableRole = z.infer<typeof AssignableRole>;

const ALL: readonly Role[] = ["owner", "admin", "operator", "viewer"];
const OPERATE: readonly Role[] = ["owner", "admin", "operator"];
const MANAGE: readonly Role[] = ["owner", "admin"];
const OWN: readonly Role[] = ["owner"];

/**
 * The permission matrix. Viewers read; operators run, approve and cancel; admins manage
 * workflows, members, keys, secrets and policies; owners also manage org-level settings.
 */
export const PERMISSIONS = {
  "org:read": ALL,
  "org:manage": OWN,
  "members:read": ALL,
  "members:manage": MANAGE,
  "api_keys:read": MANAGE,
  "api_keys:manage": MANAGE,
  "audit:read": MANAGE,
  "workflows:read": ALL,
  "workflows:write": MANAGE,
  "runs:read": ALL,
  "runs:start": OPERATE,
  "runs:control": OPERATE,
  "secrets:manage": MANAGE,
  "policies:manage": MANAGE,
  "automations:read": ALL,
  "automations:manage": MANAGE,
  "marketplace:publish": MANAGE,
  "marketplace:install": MANAGE,
  "marketplace:review": OPERATE,
  "mcp:read": ALL,
  "mcp:manage": MANAGE,
  "tools:call": OPERATE,
  "usage:read": ALL,
  "runbooks:read": ALL,
  "runbooks:execute": OPERATE,
  "jobs:read": ALL,
  "runners:read": ALL,
  "runners:manage": MANAGE,
  "ai:use": OPERATE,
  "ai:approve": OPERATE,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, owner: 3 };

/** True when `role` grants no more than `ceiling` (an admin can't mint an owner key). */
export function roleAtMost(role: Role, ceiling: Role): boolean {
  return RANK[role] <= RANK[ceiling];
}
