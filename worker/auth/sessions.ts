/**
 * Sessions: an access token plus a rotating refresh token. Refresh tokens belong to a family; each
 * is exchanged once. Presenting an already-exchanged token is reuse (a stolen token): the whole
 * family is revoked and the event audited.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { recordAudit } from "../audit/audit";
import type { AppEnv } from "../context";
import type { TokenResponse } from "../contracts/auth";
import type { Role } from "../contracts/roles";
import { createDb } from "../db/client";
import { memberships, organizations, refreshTokens, users } from "../db/schema";
import { AppError } from "../errors";
import { randomToken, sha256Hex } from "../lib/encoding";
import { newId } from "../lib/ids";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken, tokenConfig } from "./tokens";

export const REFRESH_COOKIE = "fluxo_refresh";
export const REFRESH_COOKIE_PATH = "/api/v1/auth";
const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** Cookies are `Secure` everywhere except plain-http localhost development. */
function isLocalHttp(c: Context<AppEnv>): boolean {
  const url = new URL(c.req.url);
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

function setRefreshCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: !isLocalHttp(c),
    sameSite: "Strict",
    path: REFRESH_COOKIE_PATH,
    maxAge: REFRESH_TTL_MS / 1000,
  });
}

export function clearRefreshCookie(c: Context<AppEnv>): void {
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, secure: !isLocalHttp(c) });
}

/** The refresh token a client presented: the body's (non-browser clients) or the cookie. */
export function presentedRefreshToken(c: Context<AppEnv>, fromBody?: string): string | null {
  return fromBody ?? getCookie(c, REFRESH_COOKIE) ?? null;
}

/**
 * Issues an access token and a new refresh token (in `familyId`, or a new family), sets the cookie,
 * and returns the login response. `includeRefreshInBody` is for clients that sent theirs in a body.
 */
export async function issueSession(
  c: Context<AppEnv>,
  session: { user: SessionUser; org: { id: string; name: string }; role: Role; familyId?: string },
  includeRefreshInBody = false,
): Promise<TokenResponse> {
  const refresh = `fxr_${randomToken(32)}`;
  await createDb(c.env.DB)
    .insert(refreshTokens)
    .values({
      id: newId("rt"),
      userId: session.user.id,
      orgId: session.org.id,
      familyId: session.familyId ?? newId("fam"),
      tokenHash: await sha256Hex(refresh),
      expiresAt: Date.now() + REFRESH_TTL_MS,
    });
  setRefreshCookie(c, refresh);
  const accessToken = await signAccessToken(
    { sub: session.user.id, org: session.org.id, role: session.role },
    tokenConfig(c.env),
  );
  return {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    ...(includeRefreshInBody ? { refresh_token: refresh } : {}),
    user: session.user,
    org: session.org,
    role: session.role,
  };
}

async function revokeFamily(c: Context<AppEnv>, familyId: string): Promise<void> {
  await createDb(c.env.DB)
    .update(refreshTokens)
    .set({ revokedAt: Date.now() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Exchanges a refresh token for a new pair, detecting reuse. */
export async function rotateSession(
  c: Context<AppEnv>,
  token: string,
  includeRefreshInBody: boolean,
): Promise<TokenResponse> {
  const db = createDb(c.env.DB);
  const invalid = () => new AppError("invalid_token", "The refresh token is not valid; sign in again");
  const row = await db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await sha256Hex(token)))
    .get();
  if (!row) throw invalid();
  const now = Date.now();
  if (row.revokedAt !== null || row.expiresAt <= now) throw invalid();

  // Claim the token: only one exchange can win, so a concurrent replay is detected as reuse too.
  const claimed = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  if (claimed.length === 0) {
    await revokeFamily(c, row.familyId);
    const actor = { actorType: "user" as const, actorId: row.userId };
    await recordAudit(c, row.orgId, actor, {
      action: "auth.refresh_token_reused",
      targetType: "token_family",
      targetId: row.familyId,
    });
    await recordAudit(c, row.orgId, actor, {
      action: "auth.token_family_revoked",
      targetType: "token_family",
      targetId: row.familyId,
      metadata: { reason: "refresh token reuse detected" },
    });
    throw new AppError(
      "invalid_token",
      "This refresh token was already used; the session has been revoked. Sign in again.",
    );
  }

  const member = await db
    .select({ role: memberships.role, user: users, org: organizations })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.orgId, row.orgId), eq(memberships.userId, row.userId)))
    .get();
  if (!member) {
    await revokeFamily(c, row.familyId);
    throw invalid();
  }
  return issueSession(
    c,
    {
      user: { id: member.user.id, email: member.user.email, name: member.user.name },
      org: { id: member.org.id, name: member.org.name },
      role: member.role,
      familyId: row.familyId,
    },
    includeRefreshInBody,
  );
}

/** Revokes the family of a presented refresh token (logout). Unknown tokens are ignored. */
export async function endSession(
  c: Context<AppEnv>,
  token: string | null,
): Promise<{ familyId: string; orgId: string; userId: string } | null> {
  if (!token) return null;
  const row = await createDb(c.env.DB)
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await sha256Hex(token)))
    .get();
  if (!row) return null;
  await revokeFamily(c, row.familyId);
  return { familyId: row.familyId, orgId: row.orgId, userId: row.userId };
}
