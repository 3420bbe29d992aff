/**
 * Access tokens: short-lived HS256 JWTs signed with `jose` (algorithm pinned, `type=access`,
 * issuer and audience checked) carrying the user, org and role. Refresh tokens are opaque random
 * strings stored only as SHA-256 hashes (see `refresh.ts`).
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { type Role, Role as RoleSchema } from "../contracts/roles";
import { AppError } from "../errors";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ALGORITHM = "HS256";

export interface AccessClaims {
  sub: string;
  org: string;
  role: Role;
}

export interface TokenConfig {
  secret: string;
  issuer: string;
  audience: string;
}

export function tokenConfig(env: Env): TokenConfig {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) {
    // A deploy without the secret must not run with a guessable key.
    throw new AppError("internal", "Server misconfigured: JWT_SECRET is missing or shorter than 32 characters");
  }
  return { secret: env.JWT_SECRET, issuer: env.JWT_ISSUER || "fluxo", audience: env.JWT_AUDIENCE || "fluxo-api" };
}

function keyOf(config: TokenConfig): Uint8Array {
  return new TextEncoder().encode(config.secret);
}

export async function signAccessToken(
  claims: AccessClaims,
  config: TokenConfig,
  nowSeconds = Math.floor(Date.now() / 1000),
) {
  return new SignJWT({ org: claims.org, role: claims.role, type: "access" })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(keyOf(config));
}

/** Verifies an access token; any failure is a 401 with `token_expired` or `invalid_token`. */
export async function verifyAccessToken(token: string, config: TokenConfig): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, keyOf(config), {
      algorithms: [ALGORITHM],
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ["sub", "exp", "iat"],
    });
    const role = RoleSchema.safeParse(payload.role);
    if (payload.type !== "access" || typeof payload.org !== "string" || !role.success || !payload.sub) {
      throw new AppError("invalid_token", "This is not an access token");
    }
    return { sub: payload.sub, org: payload.org, role: role.data };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof errors.JWTExpired)
      throw new AppError("token_expired", "The access token has expired; refresh it");
    throw new AppError("invalid_token", "The access token is not valid");
  }
}
