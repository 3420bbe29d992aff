/** The main navigation, in order. Every screen of the product is reachable from here. */
import { can, type Permission, type Role } from "../../../worker/contracts/roles";

/** One sidebar entry; `permission` hides it from roles that couldn't use the screen. */
export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
  permission?: Permission;
}

export const NAV_ITEMS = [
  { to: "/", label: "Dashboard", end: true },
  { to: "/workflows", label: "Workflows" },
  { to: "/runs", label: "Runs" },
  { to: "/runbooks", label: "Runbooks" },
  { to: "/runners", label: "Runners", permission: "runners:read" },
  { to: "/marketplace", label: "Marketplace" },
  { to: "/automations", label: "Automations" },
  { to: "/settings", label: "Settings" },
  { to: "/audit", label: "Audit", permission: "audit:read" },
] as const satisfies readonly NavItem[];

/** The entries `role` may see. */
export function navFor(role: Role, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => !item.permission || can(role, item.permission));
}
