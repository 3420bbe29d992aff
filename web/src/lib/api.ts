/**
 * The typed API client (Hono `hc` over `AppType`), the app's session (access token in memory,
 * silent refresh), and `ApiError`, which carries the error model's code, message and request id so
 * every screen can show them.
 */

import { hc } from "hono/client";
import type { AppType } from "../../../worker/app";
import type { TokenResponse } from "../../../worker/contracts/auth";
import type { ErrorBody } from "../../../worker/contracts/errors";
import { createAuthorizedFetch, type Fetch } from "./authorized-fetch";
import { createSessionStore, type SessionStore } from "./session";

/** An API error as the server described it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Fetch for calls that must not carry or refresh the access token (the refresh call itself). */
const plainFetch: Fetch = (input, init) => fetch(input, { ...init, credentials: "same-origin" });
const publicClient = hc<AppType>("/", { fetch: plainFetch });

/** The refresh-token exchange: null when there is no valid session (401), throws on anything else. */
async function exchangeRefreshCookie(): Promise<TokenResponse | null> {
  try {
    return await unwrap(publicClient.api.v1.auth.refresh.$post({ json: {} }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** Name of the Web Lock every tab takes around a refresh (one refresh token, spent once). */
const REFRESH_LOCK = "fluxo.auth.refresh";

/**
 * The app's one session (see `session.ts`): the access token in memory, silent refresh, sign-in
 * state. `useAuth()` in `auth.tsx` is the React view of it.
 */
export const session: SessionStore = createSessionStore({
  exchange: exchangeRefreshCookie,
  now: () => Date.now(),
  setTimer: (run, delayMs) => window.setTimeout(run, delayMs),
  clearTimer: (handle) => window.clearTimeout(handle as number),
  withLock: (task) => (navigator.locks ? navigator.locks.request(REFRESH_LOCK, task) : task()),
  report: (message, error) => console.warn(`[fluxo] ${message}`, error),
});

/**
 * The typed API client. Every call carries the session's access token; a 401 `token_expired` is
 * refreshed once and retried.
 * @example const me = await unwrap(api.api.v1.me.$get());
 */
export const api = hc<AppType>("/", { fetch: createAuthorizedFetch(session, plainFetch) });

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === "object" && value !== null && "error" in value;
}

type AnyResponse = { ok: boolean; status: number; headers: Headers; json(): Promise<unknown> };
/** The JSON body of the 2xx members of a client response union. */
export type SuccessBody<R> = R extends { ok: true; json(): Promise<infer B> } ? B : never;

/**
 * Resolves a client call to its 2xx JSON body, or throws `ApiError` for any other answer.
 * @example const health = await unwrap(api.api.v1.health.$get());
 */
export async function unwrap<R extends AnyResponse>(call: Promise<R>): Promise<SuccessBody<R>> {
  let res: R;
  try {
    res = await call;
  } catch (err) {
    throw new ApiError(0, "network_error", "The server could not be reached. Check your connection.", null, err);
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const requestId = res.headers.get("X-Request-Id");
    if (isErrorBody(body)) {
      const { code, message, request_id, details } = body.error;
      throw new ApiError(res.status, code, message, request_id ?? requestId, details);
    }
    throw new ApiError(res.status, "unexpected_response", `Unexpected response (HTTP ${res.status})`, requestId);
  }
  return body as SuccessBody<R>;
}
