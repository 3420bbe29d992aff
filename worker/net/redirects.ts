/**
 * How `safeFetch` turns a redirect response into the next request: method and body rewriting as the
 * Fetch standard does it, and no credentials or body carried to another origin.
 */
import { displayUrl, NetworkPolicyError } from "./errors";

/** One request in a redirect chain. */
export interface RedirectRequest {
  url: string;
  method: string;
  headers: Headers;
  body: BodyInit | null;
}

// Headers that carry credentials or proofs: Authorization/Cookie by name, and anything that looks
// like a signature, token or key (X-Fluxo-Signature, X-Api-Key, X-Auth-Token...).
const SENSITIVE_HEADER =
  /^(authorization|proxy-authorization|cookie|cookie2)$|signature|token|secret|api[-_]?key|auth|session|password|credential/i;

// Request-body headers that must go when the body does (Fetch standard, "HTTP-redirect fetch" 12.2).
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

/** Whether a header must not follow a request to another origin. */
export function isSensitiveHeader(name: string, extra: readonly string[] = []): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_HEADER.test(lower) || extra.some((h) => h.toLowerCase() === lower);
}

function refuse(hop: number, from: URL, message: string): never {
  throw new NetworkPolicyError({
    reason: "redirect_blocked",
    url: displayUrl(from),
    host: from.host,
    message: `Blocked redirect (hop ${hop}): ${message}`,
    redirect: { hop },
  });
}

/**
 * The request to send after a redirect. The returned URL is not yet checked: the caller checks it
 * like any other. Throws `NetworkPolicyError("redirect_blocked")` for a `Location` that isn't a URL,
 * a 307/308 that would carry the body to another origin, or a streamed body that can't be re-sent.
 * @example redirectedRequest(req, 303, "/done", new URL(req.url), 1) // GET /done, no body
 */
export function redirectedRequest(
  request: RedirectRequest,
  status: number,
  location: string,
  from: URL,
  hop: number,
  sensitiveHeaders: readonly string[] = [],
): RedirectRequest {
  let next: URL;
  try {
    next = new URL(location, from); // relative Locations resolve against the current URL
  } catch {
    throw new NetworkPolicyError({
      reason: "redirect_blocked",
      url: displayUrl(from),
      host: from.host,
      message: `Blocked redirect (hop ${hop}): the Location header is not a valid URL`,
      redirect: { hop, blockedBy: "invalid_url" },
    });
  }
  const headers = new Headers(request.headers);
  let { method, body } = request;
  // 303 turns anything but GET/HEAD into GET; 301/302 do so for POST, as every browser does.
  const becomesGet =
    (status === 303 && method !== "GET" && method !== "HEAD") ||
    ((status === 301 || status === 302) && method === "POST");
  if (becomesGet) {
    method = "GET";
    body = null;
    for (const name of BODY_HEADERS) headers.delete(name);
  }
  if (next.origin !== from.origin) {
    for (const name of [...headers.keys()]) {
      if (isSensitiveHeader(name, sensitiveHeaders)) headers.delete(name);
    }
    // Dropping the body would silently change what a 307/308 means; forwarding it could leak it.
    if (body !== null) {
      refuse(hop, from, `${from.host} redirected a ${method} with a body to another origin (${next.host})`);
    }
  }
  if (body instanceof ReadableStream) {
    refuse(hop, from, `${from.host} asked to re-send a streamed request body, which can't be replayed`);
  }
  return { url: next.href, method, headers, body };
}
