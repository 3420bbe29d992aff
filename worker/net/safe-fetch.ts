/**
 * `safeFetch`: the one door for every outbound HTTP call (http nodes, deliveries, MCP, LLM). Checks
 * the URL against the network policy, follows redirects itself re-checking every hop, enforces the
 * connect and total timeouts, and streams the body with a size cap.
 */
import { displayUrl, FetchFailedError, formatBytes, NetworkPolicyError } from "./errors";
import { checkUrl, NETWORK_DEFAULTS, type NetworkPolicy } from "./policy";
import { type RedirectRequest, redirectedRequest } from "./redirects";

/** The fetch `safeFetch` drives; the platform `fetch` fits. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** `RequestInit` minus what `safeFetch` owns (`redirect`), plus the policy. */
export type SafeFetchInit = Omit<RequestInit, "redirect" | "signal"> & {
  policy: NetworkPolicy;
  /** Cancels the call (e.g. the run was canceled); surfaces as `FetchFailedError("aborted")`. */
  signal?: AbortSignal;
  /** Test seam and platform hook; defaults to the global `fetch`. */
  fetchImpl?: FetchLike;
  /** More header names never sent across origins (e.g. a connection's custom credential headers). */
  sensitiveHeaders?: readonly string[];
};

/** A fully read response (at most `maxResponseBytes`). */
export interface SafeResponse {
  status: number;
  statusText: string;
  ok: boolean;
  headers: Headers;
  /** The final URL, after redirects. */
  url: string;
  /** How many redirects were followed. */
  redirects: number;
  body: Uint8Array;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON; throws `SyntaxError` when it isn't. */
  json(): unknown;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type AbortCause = "timeout" | "connect_timeout" | "caller";

/** Rejects as soon as `signal` aborts, so a hung resolver can't outlive the deadline. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

async function readCapped(
  response: Response,
  maxBytes: number,
  request: { url: string; method: string },
  stop: () => void,
): Promise<Uint8Array> {
  const { url } = request;
  const host = new URL(url).host;
  // A HEAD answer's Content-Length describes a body that never comes. For compressed bodies it is
  // the compressed size, a lower bound: the cap below counts decoded bytes (no zip bombs).
  const declared =
    request.method === "HEAD" ? Number.NaN : Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    stop();
    const message = `Response from ${host} is ${formatBytes(declared)}, over the ${formatBytes(maxBytes)} limit`;
    throw new FetchFailedError("response_too_large", message, displayUrl(url));
  }
  if (response.body === null) return new Uint8Array(0);
  // Count what actually arrives: Content-Length may be absent (chunked) or lie.
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      stop();
      reader.cancel().catch(() => {}); // already aborted; nothing left to report
      const message = `Response from ${host} exceeded the ${formatBytes(maxBytes)} limit; download stopped`;
      throw new FetchFailedError("response_too_large", message, displayUrl(url));
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function toSafeResponse(response: Response, url: string, redirects: number, body: Uint8Array): SafeResponse {
  return {
    status: response.status,
    statusText: response.statusText,
    ok: response.status >= 200 && response.status < 300,
    headers: response.headers,
    url,
    redirects,
    body,
    text: () => new TextDecoder().decode(body),
    json: (): unknown => JSON.parse(new TextDecoder().decode(body)),
  };
}

/** The `FetchFailedError` for an error thrown while sending or reading, given why we aborted (if we did). */
function failure(
  cause: AbortCause | undefined,
  err: unknown,
  url: string,
  limits: { timeoutMs: number; connectTimeoutMs: number },
): FetchFailedError {
  const host = URL.canParse(url) ? new URL(url).host : url;
  const total = limits.timeoutMs;
  const connect = limits.connectTimeoutMs;
  switch (cause) {
    case "timeout":
      return new FetchFailedError("timeout", `Request to ${host} timed out after ${total / 1000} s`, url, {
        cause: err,
      });
    case "connect_timeout":
      return new FetchFailedError("timeout", `${host} did not respond within ${connect / 1000} s`, url, { cause: err });
    case "caller":
      return new FetchFailedError("aborted", `The request to ${host} was canceled`, url, { cause: err });
    case undefined: {
      const detail =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      return new FetchFailedError("network_error", `Could not reach ${host}: ${detail}`, url, { cause: err });
    }
    default: {
      const _never: never = cause;
      return _never;
    }
  }
}

/**
 * Sends an outbound request under the network policy and reads the whole (capped) response.
 * Redirects are followed here, never by the platform: each `Location` is resolved against the
 * current URL and checked like the first URL; 303 (and 301/302 after POST) become GET without a
 * body; on a cross-origin hop, credential headers are dropped, and a 307/308 that would carry the
 * body to another origin is refused. Throws `NetworkPolicyError` (`network_blocked`, not retryable)
 * or `FetchFailedError` (`timeout`, `network_error`: retryable; `response_too_large`,
 * `too_many_redirects`, `aborted`: not).
 * @example
 * const res = await safeFetch("https://api.example.com/users/1", { policy, headers: { authorization } });
 * if (res.ok) return res.json();
 */
export async function safeFetch(input: string | URL, init: SafeFetchInit): Promise<SafeResponse> {
  // Destructured so the platform fetch is called bare: `init.fetchImpl(...)` would bind `this` to
  // `init`, and the Workers fetch throws "Illegal invocation" for any `this` but the global.
  const { policy, fetchImpl = fetch, signal: callerSignal, sensitiveHeaders = [], ...requestInit } = init;
  const timeoutMs = policy.timeoutMs ?? NETWORK_DEFAULTS.timeoutMs;
  const connectTimeoutMs = policy.connectTimeoutMs ?? NETWORK_DEFAULTS.connectTimeoutMs;
  const maxRedirects = policy.maxRedirects ?? NETWORK_DEFAULTS.maxRedirects;
  const maxBytes = policy.maxResponseBytes ?? NETWORK_DEFAULTS.maxResponseBytes;

  const controller = new AbortController();
  let abortCause: AbortCause | undefined;
  const abort = (cause: AbortCause) => {
    abortCause ??= cause;
    controller.abort();
  };
  const totalTimer = setTimeout(() => abort("timeout"), timeoutMs);
  const onCallerAbort = () => abort("caller");
  if (callerSignal?.aborted) abort("caller");
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });

  let request: RedirectRequest = {
    url: typeof input === "string" ? input : input.href,
    method: (requestInit.method ?? "GET").toUpperCase(),
    headers: new Headers(requestInit.headers),
    body: requestInit.body ?? null,
  };
  let shownUrl = displayUrl(request.url);
  try {
    for (let hop = 0; ; hop++) {
      const check = await raceAbort(checkUrl(request.url, policy, { signal: controller.signal }), controller.signal);
      if (!check.ok) {
        if (hop === 0) throw new NetworkPolicyError(check.details);
        throw new NetworkPolicyError({
          ...check.details,
          reason: "redirect_blocked",
          message: `Blocked redirect (hop ${hop}): ${check.message.replace(/^Blocked: /, "")}`,
          redirect: { hop, blockedBy: check.reason === "redirect_blocked" ? undefined : check.reason },
        });
      }
      const url = check.url.href;
      shownUrl = displayUrl(check.url);

      const connectTimer = setTimeout(() => abort("connect_timeout"), connectTimeoutMs);
      let response: Response;
      try {
        response = await fetchImpl(url, {
          ...requestInit,
          method: request.method,
          headers: request.headers,
          body: request.body,
          redirect: "manual",
          signal: controller.signal,
        });
      } finally {
        clearTimeout(connectTimer);
      }

      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get("location") : null;
      if (location === null) {
        const body = await readCapped(response, maxBytes, { url, method: request.method }, () => controller.abort());
        return toSafeResponse(response, url, hop, body);
      }
      response.body?.cancel().catch(() => {}); // free the connection; the redirect body is never read
      if (hop >= maxRedirects) {
        const message = `Too many redirects: stopped after ${maxRedirects} (last hop: ${new URL(url).host})`;
        throw new FetchFailedError("too_many_redirects", message, shownUrl);
      }
      request = redirectedRequest(request, response.status, location, check.url, hop + 1, sensitiveHeaders);
    }
  } catch (err) {
    if (err instanceof NetworkPolicyError) throw err;
    // An abort we caused explains the error better than the error does ("This operation was aborted").
    if (abortCause !== undefined) throw failure(abortCause, err, shownUrl, { timeoutMs, connectTimeoutMs });
    if (err instanceof FetchFailedError) throw err;
    throw failure(undefined, err, shownUrl, { timeoutMs, connectTimeoutMs });
  } finally {
    clearTimeout(totalTimer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  }
}
