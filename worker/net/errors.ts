/**
 * The two errors of outbound HTTP: `NetworkPolicyError` (the policy refused the target; never
 * retryable) and `FetchFailedError` (the call itself failed: timeout, size, redirects, network).
 * Both carry a stable `code`, a human `message` and a `retryable` flag, the shape step errors need.
 */
import type { IpCategory, Ipv4Embedding } from "./ip";

/** A blocked address category, as a block reason. */
export type AddressReason = Exclude<IpCategory, "public">;

/** Why the policy refused a URL: an address category, or one of the reasons that aren't about addresses. */
export type BlockReason =
  | AddressReason
  | "invalid_url"
  | "scheme"
  | "credentials"
  | "internal_name"
  | "not_allowlisted"
  | "redirect_blocked";

/** Every block reason, for schemas and tests. */
export const BLOCK_REASONS = [
  "invalid_url",
  "scheme",
  "credentials",
  "loopback",
  "private",
  "link_local",
  "cgnat",
  "multicast",
  "reserved",
  "unspecified",
  "benchmarking",
  "documentation",
  "metadata",
  "internal_name",
  "not_allowlisted",
  "redirect_blocked",
] as const satisfies readonly BlockReason[];

/** The IPv4 address found inside an IPv6 one, when it decided the verdict. */
export interface IpEmbeddingInfo {
  via: Ipv4Embedding;
  ipv4: string;
}

/** What a blocked check says; `url` never includes credentials, query or fragment (they may hold secrets). */
export interface BlockDetails {
  reason: BlockReason;
  message: string;
  url: string;
  host?: string;
  /** The offending address (for names, the resolved address that failed). */
  address?: string;
  embedded?: IpEmbeddingInfo;
  /** Set when `reason` is `redirect_blocked`: which hop, and why that hop was refused (if a policy check). */
  redirect?: { hop: number; blockedBy?: Exclude<BlockReason, "redirect_blocked"> };
}

/**
 * The policy refused an outbound URL (or a redirect to one). Never retryable: the same call will be
 * refused again.
 * @example new NetworkPolicyError({ reason: "metadata", url, message: "Blocked: 169.254.169.254 is a cloud metadata address" })
 */
export class NetworkPolicyError extends Error {
  readonly code = "network_blocked" as const;
  readonly retryable = false as const;
  readonly reason: BlockReason;
  readonly details: BlockDetails;

  constructor(details: BlockDetails) {
    super(details.message);
    this.name = "NetworkPolicyError";
    this.reason = details.reason;
    this.details = details;
  }
}

/** Why a permitted call failed. */
export const FETCH_FAILED_CODES = [
  "timeout",
  "response_too_large",
  "too_many_redirects",
  "network_error",
  "aborted",
] as const;
export type FetchFailedCode = (typeof FETCH_FAILED_CODES)[number];

/** Whether a failure is worth retrying: transient conditions yes, deterministic ones no. */
export function isRetryableFetchFailure(code: FetchFailedCode): boolean {
  switch (code) {
    case "timeout":
    case "network_error":
      return true;
    case "response_too_large": // the same response will be too large again
    case "too_many_redirects": // a redirect loop doesn't fix itself in seconds
    case "aborted": // the caller canceled (e.g. the run was canceled)
      return false;
    default: {
      const _never: never = code;
      return _never;
    }
  }
}

/** An outbound call that the policy allowed but that did not produce a usable response. */
export class FetchFailedError extends Error {
  readonly code: FetchFailedCode;
  readonly retryable: boolean;
  readonly url: string;

  constructor(code: FetchFailedCode, message: string, url: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "FetchFailedError";
    this.code = code;
    this.retryable = isRetryableFetchFailure(code);
    this.url = url;
  }
}

/** Either error `safeFetch` throws. */
export type OutboundError = NetworkPolicyError | FetchFailedError;

/** The URL as safe to show and log: scheme, host, port and path only. */
export function displayUrl(url: URL | string): string {
  if (typeof url === "string") {
    try {
      url = new URL(url);
    } catch {
      return "(invalid URL)"; // raw text could hold credentials; the caller still has it
    }
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${url.protocol}${url.pathname.slice(0, 80)}`;
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** The phrase after "is" in a block message for an address category. */
export function describeAddressReason(reason: AddressReason): string {
  switch (reason) {
    case "loopback":
      return "a loopback address";
    case "private":
      return "a private network address";
    case "link_local":
      return "a link-local address";
    case "cgnat":
      return "a carrier-grade NAT (shared) address";
    case "multicast":
      return "a multicast address";
    case "reserved":
      return "a reserved address";
    case "unspecified":
      return "an unspecified address (it reaches the local machine)";
    case "benchmarking":
      return "a benchmarking-only address";
    case "documentation":
      return "a documentation-only address";
    case "metadata":
      return "a cloud metadata address";
    default: {
      const _never: never = reason;
      return _never;
    }
  }
}

/** Human-readable byte size for messages: "10 MiB", "512 KiB", "900 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
