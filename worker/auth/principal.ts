/**
 * Who is calling, and the `OrgScope` derived from it. Data-access helpers take an `OrgScope`, which
 * can only be made from an authenticated principal, so a query without an org can't be written.
 */
import type { Role } from "../contracts/roles";

export type Principal =
  | { type: "user"; id: string; orgId: string; role: Role }
  | { type: "api_key"; id: string; orgId: string; role: Role; name: string };

declare const scopeBrand: unique symbol;

/** Proof that the caller acts inside `orgId`. */
export type OrgScope = { readonly orgId: string; readonly [scopeBrand]: true };

/** The org scope of an authenticated principal. */
export function scopeOf(principal: Principal): OrgScope {
  return { orgId: principal.orgId } as OrgScope;
}

/**
 * A scope for system work that isn't a request (seeding, cron, queue consumers, sign-up). Every
 * call site says why in its `reason`, so they are easy to audit with a search.
 */
export function systemScope(orgId: string, _reason: string): OrgScope {
  return { orgId } as OrgScope;
}

/** The audit actor for a principal. */
export function actorOf(principal: Principal): { actorType: "user" | "api_key"; actorId: string } {
  return { actorType: principal.type, actorId: principal.id };
}
