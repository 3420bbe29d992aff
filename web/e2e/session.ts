/**
 * Signing in from browser tests: `signIn(page, "owner")` goes through the real login form, the way
 * a person does, and waits until the app shell shows the signed-in user. Shared by every e2e file.
 */
import { type APIRequestContext, type Page, request } from "playwright-core";
import { DEMO } from "../../scripts/lib/seed.ts";

export { DEMO };

/** A seeded demo account, or any email and password. */
export type Who = "owner" | "viewer" | { email: string; password: string };

function credentials(who: Who): { email: string; password: string } {
  if (who === "owner") return { email: DEMO.owner.email, password: DEMO.password };
  if (who === "viewer") return { email: DEMO.viewer.email, password: DEMO.password };
  return who;
}

/**
 * Signs in through `/login` and waits for the app shell. Pass `next` to start from a protected
 * page (the gate sends you to `/login?next=…` and back).
 * @example await signIn(page, "owner"); // now on the dashboard
 */
export async function signIn(page: Page, who: Who, next = "/"): Promise<void> {
  const { email, password } = credentials(who);
  await page.goto(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** A fresh email per call, so tests never collide on the shared server. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** A password the server's rules accept. */
export const STRONG_PASSWORD = "correct-horse-battery-staple-42";

/**
 * A request client of its own (own cookies), for arranging data over the API without touching the
 * browser's session. Dispose it at the end of the test.
 */
export function apiClient(baseUrl: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL: baseUrl });
}

/** Signs in over the API and returns an access token (for arranging data a test needs). */
export async function apiToken(api: APIRequestContext, who: Who): Promise<string> {
  const res = await api.post("/api/v1/auth/login", { data: credentials(who) });
  if (!res.ok()) throw new Error(`login failed: HTTP ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A new account and organization, registered over the API. */
export interface Registered {
  email: string;
  password: string;
  name: string;
  orgName: string;
  orgId: string;
  token: string;
}

/** Registers a fresh account with its own organization (isolated from the demo org). */
export async function registerViaApi(api: APIRequestContext, label: string): Promise<Registered> {
  const account = {
    email: uniqueEmail(label),
    password: STRONG_PASSWORD,
    name: `E2E ${label}`,
    org_name: `E2E ${label} ${Math.random().toString(36).slice(2, 7)}`,
  };
  const res = await api.post("/api/v1/auth/register", { data: account });
  if (res.status() !== 201) throw new Error(`register failed: HTTP ${res.status()} ${await res.text()}`);
  const body = (await res.json()) as { access_token: string; org: { id: string } };
  return { ...account, orgName: account.org_name, orgId: body.org.id, token: body.access_token };
}

/** `Authorization` for an access token or API key. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/**
 * Calls the API with a bearer token and answers the JSON body; throws with the status and body
 * otherwise. For arranging test state without the UI.
 */
export async function apiJson<T>(
  request: APIRequestContext,
  token: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
) {
  const res = await request.fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { data: body }),
  });
  if (!res.ok()) throw new Error(`${method} ${path}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}
