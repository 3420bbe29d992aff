/**
 * Short-lived tickets for live streams. Browsers can't set headers on a WebSocket or an
 * EventSource, and a long-lived token in a URL ends up in logs; a ticket is good for one run and
 * 60 seconds.
 */
import { jwtVerify, SignJWT } from "jose";
import { Role } from "../contracts/roles";
import { AppError } from "../errors";
import type { Principal } from "./principal";
import { type TokenConfig, tokenConfig } from "./tokens";

export const TICKET_TTL_SECONDS = 60;

const key = (config: TokenConfig) => new TextEncoder().encode(config.secret);

export async function issueStreamTicket(env: Env, principal: Principal, runId: string): Promise<string> {
  const config = tokenConfig(env);
  return new SignJWT({ type: "stream", org: principal.orgId, role: principal.role, run: runId, kind: principal.type })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(principal.id)
    .setIssuer(config.issuer)
    .setAudience(`${config.audience}:stream`)
    .setIssuedAt()
    .setExpirationTime(`${TICKET_TTL_SECONDS}s`)
    .sign(key(config));
}

/** The principal a ticket stands for, if it is valid for `runId`; else a 401. */
export async function verifyStreamTicket(env: Env, ticket: string, runId: string): Promise<Principal> {
  const config = tokenConfig(env);
  try {
    const { payload } = await jwtVerify(ticket, key(config), {
      algorithms: ["HS256"],
      issuer: config.issuer,
      audience: `${config.audience}:stream`,
    });
    const role = Role.safeParse(payload.role);
    if (
      payload.type !== "stream" ||
      payload.run !== runId ||
      typeof payload.org !== "string" ||
      !payload.sub ||
      !role.success
    ) {
      throw new Error("wrong ticket");
    }
    const type = payload.kind === "api_key" ? "api_key" : "user";
    return type === "api_key"
      ? { type, id: payload.sub, orgId: payload.org, role: role.data, name: "" }
      : { type, id: payload.sub, orgId: payload.org, role: role.data };
  } catch {
    throw new AppError("invalid_token", "The stream ticket is invalid or expired; ask for a new one");
  }
}
