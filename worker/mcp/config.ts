/**
 * MCP server configuration rules (pure): which URLs a server may have, and the org-level servers
 * of the deployment from `MCP_ORG_SERVERS`.
 */

import { z } from "zod";
import { isSecretKey } from "../engine/redact";

/** Why a server URL is refused, or null when it is fine. */
export type UrlRefusal = { code: "mcp_url_invalid"; message: string } | null;

/**
 * HTTPS is required; plain `http://` only to a loopback host (`127.0.0.1`, `localhost`, `[::1]`)
 * and only when the local-dev loopback setting is on. The network policy re-checks every call
 * (private ranges, metadata addresses, redirects) — this rule only keeps cleartext off the wire.
 * @example checkServerUrl("http://127.0.0.1:8787/mcp", { allowLoopback: true }) // null
 */
export function checkServerUrl(url: string, options: { allowLoopback: boolean }): UrlRefusal {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { code: "mcp_url_invalid", message: "The server URL is not a valid URL" };
  }
  // The URL is shown to every member; a key in it would be a secret in plain sight.
  if (parsed.username || parsed.password || [...parsed.searchParams.keys()].some(isSecretKey)) {
    return { code: "mcp_url_invalid", message: "Put credentials in the token, not in the URL" };
  }
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol !== "http:") {
    return { code: "mcp_url_invalid", message: "MCP servers are reached over HTTPS" };
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (loopback && options.allowLoopback) return null;
  return {
    code: "mcp_url_invalid",
    message: loopback
      ? "http:// to a loopback server needs the local-dev setting ALLOW_LOOPBACK_TARGETS=true"
      : "MCP servers must use HTTPS (plain http is only for a local server in development)",
  };
}

/** One org-level server from configuration. `token_env` names the Worker secret holding its token. */
export const OrgServerConfig = z.object({
  label: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/),
  url: z.string().min(1),
  allowed_tools: z.array(z.string()),
  auth_type: z.enum(["none", "bearer", "header"]).default("none"),
  header_name: z.string().optional(),
  token_env: z.string().optional(),
  rate_limit_per_min: z.number().int().min(1).optional(),
});
export type OrgServerConfig = z.infer<typeof OrgServerConfig>;

/**
 * Parses `MCP_ORG_SERVERS` (a JSON array). Invalid entries are dropped with a warning so one
 * typo doesn't hide every other server; `builtin` and duplicate labels are refused.
 */
export function parseOrgServers(raw: string | undefined): { servers: OrgServerConfig[]; warnings: string[] } {
  const servers: OrgServerConfig[] = [];
  const warnings: string[] = [];
  if (raw === undefined || raw.trim() === "") return { servers, warnings };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { servers, warnings: ["MCP_ORG_SERVERS is not valid JSON; no org-level MCP servers"] };
  }
  if (!Array.isArray(parsed)) return { servers, warnings: ["MCP_ORG_SERVERS must be a JSON array"] };
  for (const [index, entry] of parsed.entries()) {
    const result = OrgServerConfig.safeParse(entry);
    if (!result.success) {
      warnings.push(`MCP_ORG_SERVERS[${index}] is invalid: ${result.error.issues[0]?.message ?? "bad entry"}`);
    } else if (result.data.label === "builtin" || servers.some((s) => s.label === result.data.label)) {
      warnings.push(`MCP_ORG_SERVERS[${index}]: label "${result.data.label}" is reserved or repeated; ignored`);
    } else {
      servers.push(result.data);
    }
  }
  return { servers, warnings };
}
