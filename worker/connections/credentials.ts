/**
 * Pure rules of connections: splitting what a caller sends into a sealed secret and plain config,
 * turning an opened secret into the headers/query a request carries, expiry and OAuth2 token responses.
 */
import type { ConnectionCredentials, ConnectionType } from "../contracts/connections";
import { toBase64 } from "../lib/encoding";
import { maskSecret } from "../lib/secret-box";

/** What goes into the sealed box, per type. Every string here is secret. */
export type ConnectionSecret =
  | { type: "api_key"; api_key: string }
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | { type: "headers"; headers: Record<string, string> }
  | { type: "oauth2"; access_token: string; refresh_token?: string; client_secret?: string };

/** Non-secret settings stored in clear (and shown by the API). */
export interface ConnectionConfig {
  base_url?: string;
  in?: "header" | "query";
  param_name?: string;
  token_url?: string;
  client_id?: string;
  /** OAuth2: a refresh token and a token URL are stored, so an expired access token can be renewed. */
  refreshable?: boolean;
}

/** The stored form of new credentials. */
export interface SplitCredentials {
  type: ConnectionType;
  secret: ConnectionSecret;
  config: ConnectionConfig;
  hint: string;
  expiresAt: number | null;
}

/**
 * Splits validated credentials into the secret to seal, the config to keep in clear and a masked hint.
 * @example splitCredentials({ type: "bearer", token: "sk_live_…" }, {}).hint // "sk_…wxyz"
 */
export function splitCredentials(creds: ConnectionCredentials, base: { base_url?: string }): SplitCredentials {
  const config: ConnectionConfig = base.base_url ? { base_url: base.base_url } : {};
  switch (creds.type) {
    case "api_key":
      return {
        type: creds.type,
        secret: { type: "api_key", api_key: creds.api_key },
        config: { ...config, in: creds.in, param_name: creds.param_name },
        hint: maskSecret(creds.api_key),
        expiresAt: null,
      };
    case "bearer":
      return { type: creds.type, secret: creds, config, hint: maskSecret(creds.token), expiresAt: null };
    case "basic":
      // The user name is not secret and tells people which account it is; the password is masked.
      return {
        type: creds.type,
        secret: creds,
        config,
        hint: `${creds.username}:${maskSecret(creds.password)}`,
        expiresAt: null,
      };
    case "headers":
      // Header names are not secret; their values are.
      return {
        type: creds.type,
        secret: creds,
        config,
        hint: Object.keys(creds.headers).sort().join(", "),
        expiresAt: null,
      };
    case "oauth2": {
      const secret: ConnectionSecret = { type: "oauth2", access_token: creds.access_token };
      if (creds.refresh_token) secret.refresh_token = creds.refresh_token;
      if (creds.client_secret) secret.client_secret = creds.client_secret;
      const refreshable = Boolean(creds.refresh_token && creds.token_url);
      return {
        type: creds.type,
        secret,
        config: {
          ...config,
          ...(creds.token_url ? { token_url: creds.token_url } : {}),
          ...(creds.client_id ? { client_id: creds.client_id } : {}),
          refreshable,
        },
        hint: maskSecret(creds.access_token),
        expiresAt: creds.expires_at ? Date.parse(creds.expires_at) : null,
      };
    }
    default: {
      const _never: never = creds;
      return _never;
    }
  }
}

/** Headers and query parameters a connection adds to a request, and every secret string to redact. */
export interface ConnectionAuth {
  headers: Record<string, string>;
  query: Record<string, string>;
  secretValues: string[];
}

/**
 * What an opened secret adds to a request.
 * @example authFor({ type: "bearer", token: "t" }, {}) // { headers: { Authorization: "Bearer t" }, … }
 */
export function authFor(secret: ConnectionSecret, config: ConnectionConfig): ConnectionAuth {
  switch (secret.type) {
    case "api_key": {
      const name = config.param_name ?? "X-API-Key";
      const slot =
        config.in === "query"
          ? { headers: {}, query: { [name]: secret.api_key } }
          : { headers: { [name]: secret.api_key }, query: {} };
      return { ...slot, secretValues: [secret.api_key] };
    }
    case "bearer":
      return { headers: { Authorization: `Bearer ${secret.token}` }, query: {}, secretValues: [secret.token] };
    case "basic": {
      // UTF-8 first: Basic auth allows non-ASCII user names (RFC 7617 §2.1).
      const encoded = toBase64(new TextEncoder().encode(`${secret.username}:${secret.password}`));
      return { headers: { Authorization: `Basic ${encoded}` }, query: {}, secretValues: [secret.password, encoded] };
    }
    case "headers":
      return { headers: { ...secret.headers }, query: {}, secretValues: Object.values(secret.headers) };
    case "oauth2": {
      const values = [secret.access_token, secret.refresh_token, secret.client_secret].filter(
        (v): v is string => typeof v === "string",
      );
      return { headers: { Authorization: `Bearer ${secret.access_token}` }, query: {}, secretValues: values };
    }
    default: {
      const _never: never = secret;
      return _never;
    }
  }
}

/** An access token this close to its expiry is refreshed first, so it doesn't expire in flight. */
export const EXPIRY_SKEW_MS = 60_000;

/** True when the credential is past (or within {@link EXPIRY_SKEW_MS} of) its expiry. */
export function isExpired(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt - EXPIRY_SKEW_MS <= now;
}

/** Whether steps can use the connection now: not expired, or expired but refreshable. */
export function isUsable(row: { expiresAt: number | null; config: ConnectionConfig }, now: number): boolean {
  return !isExpired(row.expiresAt, now) || row.config.refreshable === true;
}

/** The parts of an RFC 6749 §5.1 token response Fluxo keeps. */
export interface RefreshedTokens {
  access_token: string;
  refresh_token?: string;
  expires_at: number | null;
}

/**
 * Reads a token endpoint's JSON answer; null when it has no `access_token`.
 * A missing `refresh_token` means the old one stays valid (RFC 6749 §6).
 */
export function parseTokenResponse(body: unknown, now: number): RefreshedTokens | null {
  if (typeof body !== "object" || body === null) return null;
  const record = body as Record<string, unknown>;
  if (typeof record.access_token !== "string" || record.access_token === "") return null;
  const expiresIn = typeof record.expires_in === "number" && record.expires_in > 0 ? record.expires_in : null;
  return {
    access_token: record.access_token,
    ...(typeof record.refresh_token === "string" && record.refresh_token
      ? { refresh_token: record.refresh_token }
      : {}),
    expires_at: expiresIn === null ? null : now + expiresIn * 1000,
  };
}
