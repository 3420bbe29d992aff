/** The main navigation, in order. Every screen of the product is reachable from here. */
export const NAV_ITEMS = [
  { to: "/", label: "Dashboard", end: true },
  { to: "/workflows", label: "Workflows" },
  { to: "/runs", label: "Runs" },
  { to: "/runbooks", label: "Runbooks" },
  { to: "/marketplace", label: "Marketplace" },
  { to: "/automations", label: "Automations" },
  { to: "/settings", label: "Settings" },
  { to: "/audit", label: "Audit" },
] as const;
