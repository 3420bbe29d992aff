/**
 * Resolving a connection for a step: opens its secret, refreshes an expired OAuth2 token through its token
 * URL (re-sealing the new tokens), records the use, and returns the headers/query to send plus every secret
 * string so executors redact them from snapshots, logs and errors.
 */
import { systemScope } from "../auth/principal";
import { type ConnectionRow, configOf, getConnection, updateConnection } from "../db/repos/connections";
import { StepFailure } from "../engine/run/errors";
import type { ResolvedConnection } from "../executors/types";
import { describeError, log } from "../lib/log";
import { FetchFailedError, type FetchLike, NetworkPolicyError, policyFromEnv, safeFetch } from "../net";
import { authFor, type ConnectionSecret, isExpired, parseTokenResponse } from "./credentials";
import { openConnectionSecret, sealConnectionSecret } from "./secrets";

/** A resolved connection with its API root (`llm` steps post to `base_url` + `/chat/completions`). */
export type ResolvedConnectionWithBase = ResolvedConnection & { base_url?: string };

type ResolveEnv = Pick<Env, "DB" | "ENCRYPTION_KEY" | "APP_ENV" | "ALLOW_LOOPBACK_TARGETS">;

function failure(code: string, human: string, tech: string, retryable: boolean): StepFailure {
  return new StepFailure({ code, message_human: human, message_tech: tech, retryable });
}

/** Exchanges the refresh token for new tokens (RFC 6749 §6) and stores them sealed. */
async function refresh(
  env: ResolveEnv,
  row: ConnectionRow,
  secret: Extract<ConnectionSecret, { type: "oauth2" }>,
  now: number,
  fetchImpl: FetchLike | undefined,
): Promise<Extract<ConnectionSecret, { type: "oauth2" }>> {
  const config = configOf(row);
  const label = `connection “${row.name}”`;
  if (!config.token_url || !secret.refresh_token) {
    throw failure(
      "connection_expired",
      `The ${label} has expired and has no refresh token; update it in Settings → Connections`,
      `connection ${row.id}: access token expired at ${row.expiresAt}, not refreshable`,
      false,
    );
  }
  const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: secret.refresh_token });
  if (config.client_id) form.set("client_id", config.client_id);
  if (secret.client_secret) form.set("client_secret", secret.client_secret);
  const { policy } = policyFromEnv(env);
  let tokens: ReturnType<typeof parseTokenResponse> = null;
  let status: number | null = null;
  try {
    const res = await safeFetch(config.token_url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      policy,
      ...(fetchImpl ? { fetchImpl } : {}),
    });
    status = res.status;
    if (res.ok) tokens = parseTokenResponse(safeJson(res.text()), now);
  } catch (err) {
    if (!(err instanceof FetchFailedError) && !(err instanceof NetworkPolicyError)) throw err;
    // The message names the host and reason only; the form body (with the tokens) is never in it.
    throw failure(
      "connection_refresh_failed",
      `The ${label} could not be refreshed: ${err.message}`,
      `token refresh for ${row.id} failed: ${err.message}`,
      err instanceof FetchFailedError,
    );
  }
  if (!tokens) {
    throw failure(
      "connection_refresh_failed",
      `The ${label} could not be refreshed (the token endpoint answered ${status ?? "nothing usable"}); reconnect it in Settings → Connections`,
      `token refresh for ${row.id}: status ${status}, no access_token in the answer`,
      status !== null && status >= 500,
    );
  }
  const next: Extract<ConnectionSecret, { type: "oauth2" }> = {
    ...secret,
    access_token: tokens.access_token,
    ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
  };
  const sealed = await sealConnectionSecret(env, row.id, next);
  await updateConnection(env.DB, systemScope(row.orgId, "a step refreshes its connection's token"), row.id, {
    secretCiphertext: sealed.ciphertext,
    keyId: sealed.keyId,
    expiresAt: tokens.expires_at,
    updatedAt: now,
  });
  return next;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The credentials of connection `id` in org `orgId`, ready to apply; null when the org has no such connection.
 * @throws StepFailure `connection_expired`, `connection_refresh_failed`, `connection_unreadable`
 * @example const conn = await resolveConnection(env, run.org_id, "con_…", Date.now());
 */
export async function resolveConnection(
  env: ResolveEnv,
  orgId: string,
  id: string,
  now: number,
  fetchImpl?: FetchLike,
): Promise<ResolvedConnectionWithBase | null> {
  const scope = systemScope(orgId, "a step resolves a connection of its own org");
  const row = await getConnection(env.DB, scope, id);
  if (!row) return null;
  let secret: ConnectionSecret;
  try {
    secret = await openConnectionSecret(env, row.id, row.secretCiphertext);
  } catch (err) {
    log("error", "connection: cannot open secret", { connection_id: row.id, error: describeError(err) });
    throw failure(
      "connection_unreadable",
      `The connection “${row.name}” can't be read (the encryption key changed?); re-enter its credentials`,
      `connection ${row.id}: secret could not be opened with key ${row.keyId}`,
      false,
    );
  }
  // Secrets in force before a refresh are redacted too: an error may still quote the old token.
  const stale = authFor(secret, configOf(row)).secretValues;
  if (secret.type === "oauth2" && isExpired(row.expiresAt, now))
    secret = await refresh(env, row, secret, now, fetchImpl);
  const config = configOf(row);
  const auth = authFor(secret, config);
  await updateConnection(env.DB, scope, row.id, { lastUsedAt: now });
  return {
    id: row.id,
    headers: auth.headers,
    query: auth.query,
    secretValues: [...new Set([...auth.secretValues, ...stale])],
    ...(config.base_url ? { base_url: config.base_url } : {}),
  };
}
