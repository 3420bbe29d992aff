/**
 * Authentication and authorization for API routes. `requireAuth()` resolves the principal (a user's
 * access token or an API key) with its org and current role; `requirePermission()` checks the
 * permission matrix. Both answer with the error model (401 / 403).
 */
import { and, eq } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { apiKeyMatches, apiKeyPrefix, looksLikeApiKey } from "../auth/api-keys";
import type { Principal } from "../auth/principal";
import { tokenConfig, verifyAccessToken } from "../auth/tokens";
import type { AppEnv } from "../context";
import { can, type Permission } from "../contracts/roles";
import { createDb } from "../db/client";
import { apiKeys, memberships } from "../db/schema";
import { AppError } from "../errors";

/** Only refresh `last_used_at` this often, so a busy key doesn't write on every request. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

function bearerToken(c: Context<AppEnv>): string | null {
  const header = c.req.header("Authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError("unauthorized", "Use `Authorization: Bearer <token>`");
  return match[1];
}

async function principalFromApiKey(c: Context<AppEnv>, key: string): Promise<Principal> {
  const prefix = apiKeyPrefix(key);
  const invalid = new AppError("invalid_token", "The API key is not valid");
  if (!prefix) throw invalid;
  const db = createDb(c.env.DB);
  const row = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).get();
  if (!row || !(await apiKeyMatches(key, row.keyHash))) throw invalid;
  if (row.revokedAt !== null) throw new AppError("invalid_token", "The API key has been revoked");
  const now = Date.now();
  if (row.expiresAt !== null && row.expiresAt <= now) throw new AppError("token_expired", "The API key has expired");
  if (row.lastUsedAt === null || now - row.lastUsedAt > LAST_USED_WRITE_INTERVAL_MS) {
    c.executionCtx.waitUntil(db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)).run());
  }
  return { type: "api_key", id: row.id, orgId: row.orgId, role: row.role, name: row.name };
}

async function principalFromAccessToken(c: Context<AppEnv>, token: string): Promise<Principal> {
  const claims = await verifyAccessToken(token, tokenConfig(c.env));
  // The role is read fresh, so a removed member or a changed role takes effect at once.
  const membership = await createDb(c.env.DB)
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, claims.org), eq(memberships.userId, claims.sub)))
    .get();
  if (!membership) throw new AppError("invalid_token", "You are no longer a member of this organization");
  return { type: "user", id: claims.sub, orgId: claims.org, role: membership.role };
}

/** Resolves the caller or answers 401. */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw new AppError("unauthorized", "Sign in or send an API key");
    c.set(
      "principal",
      looksLikeApiKey(token) ? await principalFromApiKey(c, token) : await principalFromAccessToken(c, token),
    );
    await next();
  };
}

/** Answers 403 unless the caller's role grants `permission`. Use after `requireAuth()`. */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = principalOf(c);
    if (!can(principal.role, permission)) {
      throw new AppError("forbidden", `Your role (${principal.role}) can't do this`, {
        details: { permission, role: principal.role },
      });
    }
    await next();
  };
}

/** The authenticated caller; throws 401 if `requireAuth()` didn't run. */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get("principal");
  if (!principal) throw new AppError("unauthorized", "Sign in or send an API key");
  return principal;
}

/** The middleware list for a route that needs `permission`: authenticate, then authorize. */
export function guard(permission: Permission): MiddlewareHandler<AppEnv>[] {
  return [requireAuth(), requirePermission(permission)];
}
