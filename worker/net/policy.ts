/**
 * The network policy: what an outbound call may target, and `checkUrl`, the check every request and
 * every redirect hop passes before `safeFetch` sends anything.
 *
 * What is checked, honestly:
 * - Always: scheme (http/https only), no credentials in the URL, IP literals in any spelling (see
 *   `ip.ts`), names that can only be private (`localhost`, `*.localhost`, `*.local`, `*.internal`,
 *   `metadata.google.internal`, single labels; see `host.ts`), and the optional per-org allowlist.
 * - Only with a `resolver`: where a name points. Workers have no DNS API, so without one a public
 *   looking name that resolves to 10.0.0.5 or 127.0.0.1 (`127.0.0.1.nip.io`, a hostile DNS zone)
 *   passes. Production should pass `dohResolver(fetch)` (DNS-over-HTTPS, `doh.ts`).
 * - Even with a resolver there is a gap: the platform's `fetch` resolves the name again when it
 *   connects, and a hostile DNS server with TTL 0 can answer differently the second time (DNS
 *   rebinding). A Worker can't pin the connection to the address we checked (fetching by IP breaks
 *   TLS and virtual hosting), so the resolver check is a strong filter, not a guarantee.
 */
import { z } from "zod";
import { type BlockDetails, type BlockReason, displayUrl, FetchFailedError } from "./errors";
import { addressMessage, blockedAddress, checkHost, normalizeHost } from "./host";
import { formatIp, parseIp } from "./ip";

/** Resolves a name to its IPv4 and IPv6 addresses (text). Must throw, not return [], when it fails. */
export type Resolver = (hostname: string, options?: { signal?: AbortSignal }) => Promise<string[]>;

/** What outbound calls may do. Build it with {@link policyFromEnv}; the optional fields have defaults. */
export interface NetworkPolicy {
  /** Allow 127.0.0.0/8, ::1 and `localhost` (local development only; private ranges stay blocked). */
  allowLoopback: boolean;
  /** Per-org allowlist: exact hosts (`api.example.com`) or `*.example.com` (subdomains, not the apex). Empty = nothing. */
  allowedDomains?: readonly string[];
  /** Largest response body, streamed and aborted past it (default 10 MiB). */
  maxResponseBytes?: number;
  /** Total time for the whole call, redirects and body included (default 15 s). */
  timeoutMs?: number;
  /** Time until response headers for each hop (default 10 s); fetch exposes no separate TCP-connect phase. */
  connectTimeoutMs?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Checks where names point; see the module header for why it matters. */
  resolver?: Resolver;
}

/** Defaults for the optional policy fields. */
export const NETWORK_DEFAULTS = {
  maxResponseBytes: 10 * 1024 * 1024,
  timeoutMs: 15_000,
  connectTimeoutMs: 10_000,
  maxRedirects: 5,
} as const;

/** Everything but the loopback switch, which only the environment may turn on. */
export type NetworkPolicyOverrides = Omit<NetworkPolicy, "allowLoopback">;

/**
 * The policy for this deployment. Loopback targets are allowed only when
 * `ALLOW_LOOPBACK_TARGETS === "true"` and `APP_ENV !== "production"`; in production the setting is
 * refused (ignored) and `warnings` says so, for the caller to log once.
 * @example const { policy, warnings } = policyFromEnv(env, { allowedDomains: org.allowed_domains });
 */
export function policyFromEnv(
  env: { APP_ENV?: string; ALLOW_LOOPBACK_TARGETS?: string },
  overrides: NetworkPolicyOverrides = {},
): { policy: NetworkPolicy; warnings: string[] } {
  const warnings: string[] = [];
  const flag = env.ALLOW_LOOPBACK_TARGETS;
  const production = env.APP_ENV === "production";
  let allowLoopback = false;
  if (flag === "true" && production) {
    warnings.push("ALLOW_LOOPBACK_TARGETS=true is ignored in production: outbound calls to loopback stay blocked");
  } else if (flag === "true") {
    allowLoopback = true;
    warnings.push(`Outbound calls may reach loopback targets (ALLOW_LOOPBACK_TARGETS=true, APP_ENV=${env.APP_ENV})`);
  } else if (flag !== undefined && flag !== "" && flag !== "false") {
    warnings.push(`ALLOW_LOOPBACK_TARGETS="${flag}" is not "true" or "false"; loopback targets stay blocked`);
  }
  return { policy: { ...overrides, allowLoopback }, warnings };
}

/**
 * Canonical form of an allowlist entry (lowercase, punycode, no trailing dot; IPs in canonical text),
 * or null when it isn't a host or `*.` + host.
 * @example normalizeAllowedDomain("*.Bücher.example.") // "*.xn--bcher-kva.example"
 */
export function normalizeAllowedDomain(entry: string): string | null {
  const text = entry.trim().toLowerCase();
  const wildcard = text.startsWith("*.");
  const base = wildcard ? text.slice(2) : text;
  const ip = parseIp(normalizeHost(base));
  if (ip !== null) return wildcard ? null : formatIp(ip);
  if (base === "" || /[*/\\?#@:\s]/.test(base)) return null;
  let hostname: string;
  try {
    hostname = new URL(`http://${base}/`).hostname;
  } catch {
    return null;
  }
  const host = normalizeHost(hostname);
  if (host === "" || parseIp(host) !== null || (wildcard && !host.includes("."))) return null;
  return wildcard ? `*.${host}` : host;
}

/** One allowlist entry, validated and normalised (for org settings). */
export const AllowedDomain = z
  .string()
  .max(260)
  .transform((value, ctx) => {
    const normalized = normalizeAllowedDomain(value);
    if (normalized === null) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a host name or *.domain pattern` });
      return z.NEVER;
    }
    return normalized;
  });

/** Whether a normalised host (or canonical IP) matches the allowlist; invalid entries match nothing. */
export function isAllowlisted(host: string, allowedDomains: readonly string[]): boolean {
  return allowedDomains.some((entry) => {
    const pattern = normalizeAllowedDomain(entry);
    if (pattern === null) return false;
    return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : host === pattern;
  });
}

/** A passed check: the parsed URL and, when known, the addresses it was checked against. */
export type UrlCheckOk = { ok: true; url: URL; addresses: readonly string[] };
/** A refused check: `code` is always `network_blocked`; `details` feeds {@link NetworkPolicyError}. */
export type UrlCheckBlocked = {
  ok: false;
  code: "network_blocked";
  reason: BlockReason;
  message: string;
  details: BlockDetails;
};
export type UrlCheck = UrlCheckOk | UrlCheckBlocked;

function blocked(details: BlockDetails): UrlCheckBlocked {
  return { ok: false, code: "network_blocked", reason: details.reason, message: details.message, details };
}

type SyncCheck = UrlCheckBlocked | (UrlCheckOk & { host: string; resolve: boolean });

function checkWithoutDns(input: string | URL, policy: NetworkPolicy): SyncCheck {
  let url: URL;
  try {
    url = new URL(typeof input === "string" ? input : input.href);
  } catch {
    return blocked({ reason: "invalid_url", url: displayUrl(String(input)), message: "Blocked: not a valid URL" });
  }
  const shown = displayUrl(url);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    const message = `Blocked: ${url.protocol} URLs are not allowed (only http and https)`;
    return blocked({ reason: "scheme", url: shown, message });
  }
  const verdict = checkHost(url.hostname, { allowLoopback: policy.allowLoopback });
  if (!verdict.ok) {
    const { ok: _ok, ...rest } = verdict;
    return blocked({ ...rest, url: shown });
  }
  if (url.username !== "" || url.password !== "") {
    const message = "Blocked: URLs with a user name or password are not allowed; put credentials in a connection";
    return blocked({ reason: "credentials", url: shown, host: verdict.host, message });
  }
  const matchable = verdict.kind === "ip" ? verdict.address : verdict.host;
  if (policy.allowedDomains !== undefined && !isAllowlisted(matchable, policy.allowedDomains)) {
    const message = `Blocked: ${verdict.host} is not in this organization's allowed domains`;
    return blocked({ reason: "not_allowlisted", url: shown, host: verdict.host, message });
  }
  if (verdict.kind === "ip") return { ok: true, url, addresses: [verdict.address], host: verdict.host, resolve: false };
  return { ok: true, url, addresses: [], host: verdict.host, resolve: verdict.resolve };
}

/**
 * Every check that needs no DNS (scheme, credentials, IP literals, private names, allowlist). For
 * forms and preflight; `safeFetch` uses {@link checkUrl}.
 * @example checkUrlSync("http://0x7f.1/", { allowLoopback: false }).ok // false
 */
export function checkUrlSync(input: string | URL, policy: NetworkPolicy): UrlCheck {
  const check = checkWithoutDns(input, policy);
  return check.ok ? { ok: true, url: check.url, addresses: check.addresses } : check;
}

/**
 * {@link checkUrlSync}, then, when the policy has a resolver, every address the name resolves to.
 * A refusal is a value; a resolver failure throws a retryable `FetchFailedError("network_error")`.
 * @example const check = await checkUrl(url, policy); if (!check.ok) throw new NetworkPolicyError(check.details);
 */
export async function checkUrl(
  input: string | URL,
  policy: NetworkPolicy,
  options: { signal?: AbortSignal } = {},
): Promise<UrlCheck> {
  const check = checkWithoutDns(input, policy);
  if (!check.ok) return check;
  const { url, host } = check;
  if (!check.resolve || policy.resolver === undefined) return { ok: true, url, addresses: check.addresses };

  const shown = displayUrl(url);
  let answers: string[];
  try {
    answers = await policy.resolver(host, options);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new FetchFailedError("network_error", `Could not resolve ${host}: ${reason}`, shown, { cause: err });
  }
  if (answers.length === 0)
    throw new FetchFailedError("network_error", `Could not resolve ${host}: no addresses`, shown);
  const addresses: string[] = [];
  for (const answer of answers) {
    const ip = parseIp(answer);
    if (ip === null) {
      throw new FetchFailedError("network_error", `Could not resolve ${host}: invalid address "${answer}"`, shown);
    }
    const address = formatIp(ip);
    const refusal = blockedAddress(ip, policy.allowLoopback);
    if (refusal !== null) {
      const message = addressMessage(address, refusal.reason, refusal.embedded, host);
      return blocked({ ...refusal, url: shown, host, address, message });
    }
    addresses.push(address);
  }
  return { ok: true, url, addresses };
}
