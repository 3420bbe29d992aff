/**
 * Host rules of the network policy that need no DNS: IP literals in any spelling and names that only
 * mean something inside a private network (`localhost`, `*.local`, `metadata.google.internal`...).
 */
import type { AddressReason, BlockReason, IpEmbeddingInfo } from "./errors";
import { describeAddressReason } from "./errors";
import { classifyIp, formatIp, type IpAddress, parseIp } from "./ip";

/** Why a host alone can be refused. */
export type HostBlockReason = Extract<BlockReason, AddressReason | "invalid_url" | "internal_name">;

/** The verdict on one host. Names that pass still need resolving before anyone can vouch for them. */
export type HostVerdict =
  | { ok: true; kind: "ip"; host: string; address: string }
  | { ok: true; kind: "name"; host: string; resolve: boolean }
  | {
      ok: false;
      reason: HostBlockReason;
      message: string;
      host: string;
      address?: string;
      embedded?: IpEmbeddingInfo;
    };

/** Shown with loopback refusals so a developer knows the switch exists (and where it doesn't). */
const LOOPBACK_HINT = "loopback targets are allowed only in local development with ALLOW_LOOPBACK_TARGETS=true";

// Names that reach a cloud provider's instance metadata service from inside its network.
const METADATA_NAMES = new Set([
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "instance-data.ec2.internal",
]);

// Suffixes that never resolve publicly: mDNS (.local, RFC 6762), home networks (.home.arpa, RFC
// 8375), ICANN's private-use .internal, and names ICANN will never delegate because of collisions.
const PRIVATE_SUFFIXES = [
  "local",
  "localdomain",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "private",
  "home.arpa",
];

/** Lowercase, without brackets and trailing dots: the form rules and allowlists compare. */
export function normalizeHost(hostname: string): string {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.+$/, "");
}

/** Judges one address: null when allowed, else the category that blocks it. */
export function blockedAddress(
  ip: IpAddress,
  allowLoopback: boolean,
): { reason: AddressReason; embedded?: IpEmbeddingInfo } | null {
  const { category, embedded } = classifyIp(ip);
  if (category === "public") return null;
  // Loopback means 127/8 and ::1, also written ::ffff:127.x (the OS connects that to 127.x). A
  // loopback address tunnelled through 6to4/NAT64/compat forms is someone else's loopback: blocked.
  const plainLoopback = embedded === undefined || embedded.via === "ipv4_mapped";
  if (category === "loopback" && allowLoopback && plainLoopback) return null;
  return embedded ? { reason: category, embedded } : { reason: category };
}

/** The message for a blocked address; `shown` is how the caller wrote it, if different. */
export function addressMessage(
  address: string,
  reason: AddressReason,
  embedded: IpEmbeddingInfo | undefined,
  shown?: string,
): string {
  const who = shown !== undefined && shown !== address ? `${shown} (${address})` : address;
  const inner = embedded ? ` (it embeds the IPv4 address ${embedded.ipv4})` : "";
  const hint = reason === "loopback" ? `; ${LOOPBACK_HINT}` : "";
  return `Blocked: ${who} is ${describeAddressReason(reason)}${inner}${hint}`;
}

/**
 * Checks a URL host without DNS. IP literals are judged in any spelling (`0x7f.1`, `2130706433`,
 * `[::ffff:127.0.0.1]`); names are refused when they can only be private (`localhost`,
 * `*.localhost`, `*.local`, `*.internal`, single-label names, metadata names) or look numeric
 * without being a valid address. Any other name passes here and still needs resolving.
 * @example checkHost("0x7f.1", { allowLoopback: false }) // { ok: false, reason: "loopback", ... }
 */
export function checkHost(hostname: string, options: { allowLoopback: boolean }): HostVerdict {
  const host = normalizeHost(hostname);
  if (host === "") return { ok: false, reason: "invalid_url", host, message: "Blocked: the URL has no host" };

  const ip = parseIp(host);
  if (ip !== null) {
    const address = formatIp(ip);
    const blocked = blockedAddress(ip, options.allowLoopback);
    if (blocked === null) return { ok: true, kind: "ip", host, address };
    const message = addressMessage(address, blocked.reason, blocked.embedded, host);
    return { ok: false, host, address, message, ...blocked };
  }

  // An IPv6-looking host that didn't parse, or a last label that is a number: some resolver
  // (inet_aton, a proxy) may read it as an address we never classified, so refuse it.
  const lastLabel = host.slice(host.lastIndexOf(".") + 1);
  if (host.includes(":") || /^(0x[0-9a-f]*|[0-9]+)$/.test(lastLabel)) {
    return {
      ok: false,
      reason: "invalid_url",
      host,
      message: `Blocked: ${host} looks like an IP address but is not a valid one`,
    };
  }

  if (host === "localhost") {
    if (options.allowLoopback) return { ok: true, kind: "name", host, resolve: false };
    return { ok: false, reason: "loopback", host, message: `Blocked: localhost is a loopback name; ${LOOPBACK_HINT}` };
  }
  if (host.endsWith(".localhost")) {
    return {
      ok: false,
      reason: "internal_name",
      host,
      message: `Blocked: ${host} is a local-only name (.localhost)`,
    };
  }
  if (METADATA_NAMES.has(host)) {
    return { ok: false, reason: "metadata", host, message: `Blocked: ${host} is a cloud metadata address` };
  }
  const suffix = PRIVATE_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
  if (suffix !== undefined) {
    return {
      ok: false,
      reason: "internal_name",
      host,
      message: `Blocked: ${host} is a private network name (.${suffix})`,
    };
  }
  if (!host.includes(".")) {
    // Single labels resolve through a local search domain (intranet, router), never publicly.
    return { ok: false, reason: "internal_name", host, message: `Blocked: ${host} is not a public DNS name` };
  }
  return { ok: true, kind: "name", host, resolve: true };
}
