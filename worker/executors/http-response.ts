// What an `http` step makes of a response or an outbound failure: output, status errors, Retry-After.
import type { StepError } from "../engine/run/errors";
import type { FetchFailedError, NetworkPolicyError, SafeResponse } from "../net";

/** A server asking to wait longer than this is retried after this anyway (the run timeout would end it first). */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** Characters of a response body kept in an error's technical detail. */
export const ERROR_BODY_EXCERPT = 500;

/** 4xx statuses that mean "try again later" rather than "your request is wrong". */
const RETRYABLE_4XX = new Set([408, 425, 429]);

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  425: "Too Early",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** What people can do about a status, appended to the message. */
const HINTS: Record<number, string> = {
  401: "check the credentials",
  403: "the credentials are not allowed to do this",
  404: "check the URL",
  429: "the API is rate limiting requests",
};

/**
 * `"503 Service Unavailable"`: the server's reason phrase, else the standard one (HTTP/2 sends none).
 * @example statusLine(404, "") // "404 Not Found"
 */
export function statusLine(status: number, statusText: string): string {
  const reason = statusText.trim() || REASONS[status] || "";
  return reason ? `${status} ${reason}` : String(status);
}

/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds or an HTTP date (relative to `now`). Capped at
 * {@link MAX_RETRY_AFTER_MS}; `undefined` when absent or unreadable.
 * @example parseRetryAfter("120", now) // 120000
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    // Only HTTP-date shapes (they start with a day name): V8's lenient Date.parse reads "-5" as a year.
    if (!/^[A-Za-z]{3,9},?\s/.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

function isJson(contentType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType) || /^[\w.-]+\/[\w.-]+\+json\b/i.test(contentType);
}

function isText(contentType: string): boolean {
  if (contentType === "") return true;
  return (
    /^text\//i.test(contentType) ||
    isJson(contentType) ||
    /^application\/(?:[\w.+-]+\+)?xml\b/i.test(contentType) ||
    /^application\/(?:javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|x-ndjson)\b/i.test(contentType)
  );
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  // Chunked: spreading megabytes into one fromCharCode call overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The response body for the output: JSON parsed, text as text, anything else base64 with `body_encoding`. */
export function responseBody(res: SafeResponse, method: string): { body: unknown; body_encoding?: "base64" } {
  if (method === "HEAD" || res.body.byteLength === 0) return { body: null };
  const contentType = res.headers.get("content-type") ?? "";
  if (isJson(contentType)) {
    try {
      return { body: res.json() };
    } catch {
      return { body: res.text() }; // a JSON label on a non-JSON body: still show what came back
    }
  }
  if (isText(contentType)) return { body: res.text() };
  return { body: base64(res.body), body_encoding: "base64" };
}

/** Response headers, lower-cased (as `Headers` gives them), without cookies a later step has no business reading. */
export function responseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) if (name !== "set-cookie" && name !== "set-cookie2") out[name] = value;
  return out;
}

function bodyExcerpt(res: SafeResponse): string {
  const contentType = res.headers.get("content-type") ?? "";
  if (!isText(contentType)) return `[${res.body.byteLength} bytes of ${contentType}]`;
  return res.text().slice(0, ERROR_BODY_EXCERPT);
}

/** The request, as failures describe it. */
export interface RequestSummary {
  method: string;
  /** Without query string or credentials. */
  url: string;
  host: string;
}

/**
 * The step error for a status the step does not accept: `http_status_5xx` (retryable), `http_status_4xx` (not,
 * except 408/425/429), `http_status_unexpected` (1xx/2xx/3xx outside `expect_status`; not retryable).
 * `Retry-After` (seconds or a date) becomes `retry_after_ms`.
 */
export function statusFailure(
  request: RequestSummary,
  res: SafeResponse,
  now: number,
  expectStatus?: readonly number[],
): StepError {
  const { status } = res;
  const line = statusLine(status, res.statusText);
  const excerpt = bodyExcerpt(res);
  const code = status >= 500 ? "http_status_5xx" : status >= 400 ? "http_status_4xx" : "http_status_unexpected";
  const retryable = status >= 500 || RETRYABLE_4XX.has(status);
  const retryAfter = retryable ? parseRetryAfter(res.headers.get("retry-after"), now) : undefined;
  const hint = HINTS[status];
  const expected =
    code === "http_status_unexpected" && expectStatus ? `, but the step expects ${expectStatus.join(" or ")}` : "";
  return {
    code,
    message_human: `The API at ${request.host} answered ${line}${expected}${hint ? ` (${hint})` : ""}`,
    message_tech: `${request.method} ${request.url} → ${line}; body: ${excerpt}`,
    retryable,
    ...(retryAfter === undefined ? {} : { retry_after_ms: retryAfter }),
    details: { method: request.method, url: request.url, status, body_excerpt: excerpt },
  };
}

/**
 * The step error for a response that does not meet the node's `until` yet: `condition_not_met`, retryable, so
 * the node's retry policy polls. When the attempts run out, this is the step's final error.
 */
export function untilFailure(request: RequestSummary, until: string, status: number, body: unknown): StepError {
  const excerpt = (typeof body === "string" ? body : (JSON.stringify(body) ?? "")).slice(0, ERROR_BODY_EXCERPT);
  return {
    code: "condition_not_met",
    message_human: `The response from ${request.host} does not meet the step's condition yet (${until})`,
    message_tech: `${request.method} ${request.url} → ${status}; until \`${until}\` is not true; body: ${excerpt}`,
    retryable: true,
    details: { method: request.method, url: request.url, status, until, body_excerpt: excerpt },
  };
}

/** The step error for a request the network policy refused: `network_blocked`, never retried. */
export function blockedFailure(request: RequestSummary, err: NetworkPolicyError): StepError {
  return {
    code: "network_blocked",
    message_human: err.message,
    message_tech: `${request.method} ${err.details.url}: blocked (${err.reason})`,
    retryable: false,
    details: {
      reason: err.reason,
      url: err.details.url,
      ...(err.details.address ? { address: err.details.address } : {}),
    },
  };
}

/**
 * The step error for a call that failed on the way: `http_timeout` and `network_error` retry; a too large
 * response or a redirect loop do not; an abort is a timeout when the step's deadline caused it, else `canceled`.
 */
export function fetchFailure(request: RequestSummary, err: FetchFailedError, deadlineReached: boolean): StepError {
  const tech = `${request.method} ${request.url}: ${err.code}: ${err.message}`;
  const base = {
    message_human: err.message,
    message_tech: tech,
    details: { method: request.method, url: request.url },
  };
  switch (err.code) {
    case "timeout":
      return { ...base, code: "http_timeout", retryable: true };
    case "network_error":
      return { ...base, code: "network_error", retryable: true };
    case "response_too_large":
      return { ...base, code: "http_response_too_large", retryable: false };
    case "too_many_redirects":
      return { ...base, code: "http_too_many_redirects", retryable: false };
    case "aborted":
      return deadlineReached
        ? {
            ...base,
            code: "http_timeout",
            message_human: `${request.host} did not answer before the step's time limit`,
            retryable: true,
          }
        : { ...base, code: "canceled", message_human: `The request to ${request.host} was canceled`, retryable: false };
    default: {
      const _never: never = err.code;
      return _never;
    }
  }
}
