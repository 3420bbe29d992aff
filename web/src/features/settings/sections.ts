/** The settings sub-navigation. Later sections (connections, MCP servers, policies, limits) get an entry here and a route in app/router.tsx. */

/** One settings section in the sub-navigation. */
export interface SettingsSection {
  to: string;
  label: string;
  end?: boolean;
}

export const SETTINGS_SECTIONS = [
  { to: "/settings", label: "Organization", end: true },
  { to: "/settings/members", label: "Members" },
  { to: "/settings/api-keys", label: "API keys" },
  { to: "/settings/connections", label: "Connections" },
  { to: "/settings/mcp", label: "MCP servers" },
  { to: "/settings/policies", label: "Tool policies" },
  { to: "/settings/limits", label: "Limits" },
  { to: "/settings/usage", label: "Usage" },
] as const satisfies readonly SettingsSection[];
