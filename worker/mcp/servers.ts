/**
 * One view of an org's MCP servers: its user-added servers (D1) merged with the deployment's
 * org-level servers (`MCP_ORG_SERVERS`), and the authenticated endpoint of each (token opened only here).
 */
import type { OrgScope } from "../auth/principal";
import type { McpAuthType, McpServer } from "../contracts/mcp";
import { getMcpServer, listMcpServers, toMcpServer } from "../db/repos/mcp-servers";
import { log } from "../lib/log";
import { keyringFromEnv, maskSecret, openSecret, sealedKeyId, sealSecret } from "../lib/secret-box";
import type { McpEndpoint } from "./client";
import { type OrgServerConfig, parseOrgServers } from "./config";

/** Default calls per minute per user MCP server (SPEC §8). */
export const DEFAULT_RATE_LIMIT_PER_MIN = 100;

/** A server with what `callTool` needs to reach it; `sealed` is the D1 token (user servers only). */
export interface ResolvedServer {
  view: McpServer;
  /** The row id (AAD of the sealed token), or null for an org-level server. */
  id: string | null;
  sealed: string | null;
  /** Org-level servers: the env var holding the token. */
  tokenEnv: string | null;
}

type McpEnv = Pick<Env, "ENCRYPTION_KEY" | "MCP_ORG_SERVERS">;

const warned = new Set<string>();

/** The deployment's org-level servers; configuration mistakes are logged once per isolate. */
export function orgServers(env: Pick<Env, "MCP_ORG_SERVERS">): OrgServerConfig[] {
  const { servers, warnings } = parseOrgServers(env.MCP_ORG_SERVERS);
  for (const warning of warnings) {
    if (warned.has(warning)) continue;
    warned.add(warning);
    log("warn", warning);
  }
  return servers;
}

/** The API form of an org-level server: read-only, never tested from the list (status `unknown`). */
export function orgServerView(config: OrgServerConfig): McpServer {
  return {
    label: config.label,
    url: config.url,
    auth_type: config.auth_type,
    header_name: config.header_name ?? null,
    token_hint: config.token_env ? "(from configuration)" : null,
    allowed_tools: config.allowed_tools,
    source: "org",
    status: "unknown",
    latency_ms: null,
    last_tested_at: null,
    tools: [],
    rate_limit_per_min: config.rate_limit_per_min ?? DEFAULT_RATE_LIMIT_PER_MIN,
    created_at: null,
  };
}

/** Every server of the org: org-level first (they shadow nothing: user labels can't repeat them), then the user's. */
export async function listServers(env: McpEnv & Pick<Env, "DB">, scope: OrgScope): Promise<McpServer[]> {
  const rows = await listMcpServers(env.DB, scope);
  return [...orgServers(env).map(orgServerView), ...rows.map(toMcpServer)];
}

/** The server labelled `label` in the org, or null. */
export async function findServer(
  env: McpEnv & Pick<Env, "DB">,
  scope: OrgScope,
  label: string,
): Promise<ResolvedServer | null> {
  const config = orgServers(env).find((s) => s.label === label);
  if (config) return { view: orgServerView(config), id: null, sealed: null, tokenEnv: config.token_env ?? null };
  const row = await getMcpServer(env.DB, scope, label);
  if (!row) return null;
  return { view: toMcpServer(row), id: row.id, sealed: row.tokenCiphertext, tokenEnv: null };
}

/** Seals a server token bound to the row id; returns what the row stores. */
export async function sealServerToken(
  env: { ENCRYPTION_KEY?: string },
  id: string,
  token: string,
): Promise<{ ciphertext: string; keyId: string; hint: string }> {
  const ring = await keyringFromEnv(env);
  const ciphertext = await sealSecret(ring, token, { aad: id });
  return { ciphertext, keyId: sealedKeyId(ciphertext) ?? ring.currentKeyId, hint: maskSecret(token) };
}

/** The auth headers for a token. */
export function authHeaders(authType: McpAuthType, headerName: string | null, token: string | null) {
  if (!token) return {};
  switch (authType) {
    case "none":
      return {};
    case "bearer":
      return { authorization: `Bearer ${token}` };
    case "header":
      return { [headerName ?? "authorization"]: token };
    default: {
      const _never: never = authType;
      return _never;
    }
  }
}

/** The endpoint with its auth headers (opens the sealed token, or reads the org server's secret). */
export async function endpointFor(env: McpEnv, server: ResolvedServer): Promise<McpEndpoint> {
  let token: string | null = null;
  if (server.sealed && server.id) {
    token = await openSecret(await keyringFromEnv(env), server.sealed, { aad: server.id });
  } else if (server.tokenEnv) {
    // The named Worker secret; env is otherwise typed, but these names come from configuration.
    const value = (env as unknown as Record<string, unknown>)[server.tokenEnv];
    token = typeof value === "string" && value !== "" ? value : null;
  }
  return { url: server.view.url, headers: authHeaders(server.view.auth_type, server.view.header_name, token) };
}
