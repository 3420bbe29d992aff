/** Helpers for Workers-runtime tests: call the real Worker, sign up orgs, read JSON. */
import { SELF } from "cloudflare:test";

export const BASE = "https://fluxo.test";

let counter = 0;
/** A unique email per call (tests share one database per file). */
export function uniqueEmail(tag = "user"): string {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}@example.com`;
}

export const STRONG_PASSWORD = "correct-horse-battery-9";

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Calls the Worker through its real fetch handler. */
export function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  return SELF.fetch(`${BASE}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
}

export async function jsonOf<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface Session {
  token: string;
  refresh: string;
  userId: string;
  orgId: string;
  email: string;
}

function refreshCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("fluxo_refresh="));
  if (!cookie) throw new Error("no refresh cookie");
  return cookie.split(";")[0]!.slice("fluxo_refresh=".length);
}

/** Registers a new user with a new org (the user is its owner). */
export async function registerOrg(tag = "owner"): Promise<Session> {
  const email = uniqueEmail(tag);
  const res = await call("/api/v1/auth/register", {
    body: { email, password: STRONG_PASSWORD, name: `${tag} person`, org_name: `${tag} org` },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = await jsonOf(res);
  return { token: body.access_token, refresh: refreshCookie(res), userId: body.user.id, orgId: body.org.id, email };
}

export async function login(email: string, password = STRONG_PASSWORD): Promise<Session> {
  const res = await call("/api/v1/auth/login", { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const body = await jsonOf(res);
  return { token: body.access_token, refresh: refreshCookie(res), userId: body.user.id, orgId: body.org.id, email };
}

/** Adds a member with `role` to the owner's org through a real invite, and signs them in. */
export async function addMember(owner: Session, role: "admin" | "operator" | "viewer"): Promise<Session> {
  const email = uniqueEmail(role);
  const inv = await call("/api/v1/members/invites", { token: owner.token, body: { email, role } });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${await inv.text()}`);
  const { invite_url } = await jsonOf(inv);
  const token = new URL(invite_url).pathname.split("/").pop();
  const res = await call("/api/v1/auth/accept-invite", {
    body: { token, name: `${role} person`, password: STRONG_PASSWORD },
  });
  if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${await res.text()}`);
  const body = await jsonOf(res);
  return { token: body.access_token, refresh: refreshCookie(res), userId: body.user.id, orgId: body.org.id, email };
}

export { refreshCookie };
