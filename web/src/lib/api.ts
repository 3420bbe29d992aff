/**
 * The typed API client (Hono `hc` over `AppType`) and `ApiError`, which carries the error model's
 * code, message and request id so every screen can show them.
 */

import { hc } from "hono/client";
import type { AppType } from "../../../worker/app";
import type { ErrorBody } from "../../../worker/contracts/errors";

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

/** Access token provider; the auth feature installs one. Kept in memory only, never in storage. */
let accessTokenProvider: () => string | null = () => null;
export function setAccessTokenProvider(provider: () => string | null): void {
  accessTokenProvider = provider;
}

async function authorizedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  const token = accessTokenProvider();
  if (token && !headers.has("Authorization")) headers.set("Authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers, credentials: "same-origin" });
}

export const api = hc<AppType>("/", { fetch: authorizedFetch });

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
