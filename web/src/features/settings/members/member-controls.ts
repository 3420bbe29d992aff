/** Which controls a member row offers the signed-in person: the server's rules, mirrored so refused actions aren't offered. */
import { can, type Role } from "../../../../../worker/contracts/roles";

/** The controls for one row: role choices (null: no select) and whether "Remove" shows. */
export interface MemberControls {
  roles: readonly Role[] | null;
  remove: boolean;
}

const NONE: MemberControls = { roles: null, remove: false };
const OWNER_CHOICES: readonly Role[] = ["owner", "admin", "operator", "viewer"];
const ADMIN_CHOICES: readonly Role[] = ["admin", "operator", "viewer"];

/**
 * Managers (owners, admins) change roles and remove members; only owners touch ownership (grant it,
 * or change or remove an owner). Your own row has no controls: demoting or removing yourself by
 * accident would lock you out. (The last-owner rule is the server's; its error is shown.)
 * @example memberControls({ userId: "u1", role: "admin" }, { user_id: "u2", role: "owner" }) // { roles: null, remove: false }
 */
export function memberControls(
  viewer: { userId: string; role: Role },
  member: { user_id: string; role: Role },
): MemberControls {
  if (!can(viewer.role, "members:manage") || member.user_id === viewer.userId) return NONE;
  if (member.role === "owner" && viewer.role !== "owner") return NONE;
  return { roles: viewer.role === "owner" ? OWNER_CHOICES : ADMIN_CHOICES, remove: true };
}
