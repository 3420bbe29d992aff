/**
 * The fetch every API call goes through: adds the in-memory access token, and when the API answers
 * 401 `token_expired` refreshes once (concurrent callers share the refresh) and retries the call.
 */
import type { SessionStore } from "./session";

/** The `fetch` signature the Hono client calls. */
export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** The error code in a JSON error body (`{error:{code}}`), or null. */
async function errorCodeOf(res: Response): Promise<string | null> {
  const body: unknown = await res
    .clone()
    .json()
    .catch(() => null);
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error: unknown = body.error;
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  return typeof error.code === "string" ? error.code : null;
}

/**
 * Wraps `baseFetch` with the session's bearer token and the refresh-and-retry-once rule. A 401
 * that says the token itself is no longer accepted (`invalid_token`, `unauthorized`) ends the
 * session, so the auth gate can send the user to sign in again.
 * @example const api = hc<AppType>("/", { fetch: createAuthorizedFetch(session, fetch) });
 */
export function createAuthorizedFetch(
  session: Pick<SessionStore, "accessToken" | "refresh" | "signOut">,
  baseFetch: Fetch,
): Fetch {
  return async (input, init) => {
    const callerHeaders = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    // A caller that brings its own credentials (e.g. an API key) gets them sent as they are.
    if (callerHeaders.has("Authorization")) return baseFetch(input, { ...init, credentials: "same-origin" });
    // A Request's body can be read once; keep a copy for the retry.
    const retryInput = input instanceof Request ? input.clone() : input;
    const send = (target: RequestInfo | URL, token: string | null) => {
      const headers = new Headers(callerHeaders);
      if (token) headers.set("Authorization", `Bearer ${token}`);
      return baseFetch(target, { ...init, headers, credentials: "same-origin" });
    };

    const token = session.accessToken();
    const res = await send(input, token);
    if (res.status !== 401 || token === null) return res;
    const code = await errorCodeOf(res);
    const current = session.accessToken();
    if (code === "token_expired") {
      // Another call may already have refreshed while this one was out: use its token, don't spend another refresh.
      const fresh = current !== null && current !== token ? current : await session.refresh();
      return fresh ? send(retryInput, fresh) : res;
    }
    // Only end the session if it is still the one this call used (not one switched to meanwhile).
    if ((code === "invalid_token" || code === "unauthorized") && current === token) session.signOut("expired");
    return res;
  };
}
