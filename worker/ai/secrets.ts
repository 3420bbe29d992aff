// Every credential of an org's connections and MCP servers, so prompts can be scrubbed of them before they leave for an LLM.
import type { OrgScope } from "../auth/principal";
import { authFor } from "../connections/credentials";
import { openConnectionSecret } from "../connections/secrets";
import { type ConnectionRow, configOf, listConnections } from "../db/repos/connections";
import { listMcpServers } from "../db/repos/mcp-servers";
import { describeError, log } from "../lib/log";
import { keyringFromEnv, openSecret } from "../lib/secret-box";

/**
 * The secret strings of every connection of the org (values and the forms sent, e.g. a Basic header). Any of
 * them may have been used by the run and surfaced in an input, a log line or an error; all are redacted. A
 * connection whose secret can't be opened can't have been used either, so it is skipped (and logged).
 */
export async function orgSecretValues(
  env: Pick<Env, "DB" | "ENCRYPTION_KEY">,
  scope: OrgScope,
  rows?: readonly ConnectionRow[],
): Promise<string[]> {
  const connections = rows ?? (await listConnections(env.DB, scope));
  const values: string[] = [];
  for (const row of connections) {
    try {
      const secret = await openConnectionSecret(env, row.id, row.secretCiphertext);
      const auth = authFor(secret, configOf(row));
      values.push(...auth.secretValues, ...Object.values(auth.headers), ...Object.values(auth.query));
    } catch (err) {
      log("warn", "ai: connection secret unreadable, skipped for redaction", {
        connection_id: row.id,
        error: describeError(err),
      });
    }
  }
  values.push(...(await mcpTokens(env, scope)));
  return [...new Set(values)];
}

/** The org's MCP server tokens (a tool step's error or log may have echoed one). */
async function mcpTokens(env: Pick<Env, "DB" | "ENCRYPTION_KEY">, scope: OrgScope): Promise<string[]> {
  const rows = (await listMcpServers(env.DB, scope)).filter((row) => row.tokenCiphertext);
  if (rows.length === 0) return [];
  const ring = await keyringFromEnv(env);
  const tokens: string[] = [];
  for (const row of rows) {
    try {
      tokens.push(await openSecret(ring, row.tokenCiphertext as string, { aad: row.id }));
    } catch (err) {
      log("warn", "ai: MCP server token unreadable, skipped for redaction", {
        server: row.label,
        error: describeError(err),
      });
    }
  }
  return tokens;
}
