/**
 * IP address parsing (every IPv4 spelling, full IPv6 text forms) and range classification for the
 * network policy: which addresses an outbound call may never reach.
 *
 * Why our own parser when WHATWG `new URL()` already canonicalises IPv4 hosts: the policy must also
 * judge strings that never went through a URL parser (DNS answers, allowlist entries, hosts from
 * other runtimes), and a second, independent parse means a URL-parser quirk can't open a hole alone.
 * Anything ambiguous is reported as "not an IP" and the caller blocks it as an invalid host.
 */

/** Address categories, most specific first. Everything but `public` is blocked by the policy. */
export const IP_CATEGORIES = [
  "public",
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
] as const;
export type IpCategory = (typeof IP_CATEGORIES)[number];

/** A parsed address: IPv4 as an unsigned 32-bit number, IPv6 as a 128-bit bigint. */
export type IpAddress = { version: 4; value: number } | { version: 6; value: bigint };

/** How an IPv6 address carries an IPv4 address inside it. */
export type Ipv4Embedding = "ipv4_mapped" | "ipv4_compatible" | "ipv4_translated" | "nat64" | "6to4";

/** The verdict for one address; `embedded` is set when the IPv4 address inside an IPv6 one decided it. */
export interface IpClassification {
  category: IpCategory;
  embedded?: { via: Ipv4Embedding; ipv4: string };
}

const MAX_V4 = 0xffff_ffff;

/** Parses one IPv4 part the way `inet_aton` and WHATWG do: `0x` hex, leading-zero octal, or decimal. */
function parseIPv4Part(part: string): number | null {
  let digits: string;
  let radix: number;
  if (/^0x[0-9a-f]*$/i.test(part)) {
    // WHATWG reads a bare "0x" as 0.
    digits = part.slice(2) || "0";
    radix = 16;
  } else if (/^0[0-7]+$/.test(part)) {
    digits = part.slice(1);
    radix = 8;
  } else if (/^(0|[1-9][0-9]*)$/.test(part)) {
    digits = part;
    radix = 10;
  } else {
    return null; // "09", "", "1e3", "+1": not a number in any spelling a resolver agrees on
  }
  if (digits.length > 32) return null;
  const value = Number.parseInt(digits, radix);
  return value > MAX_V4 ? null : value;
}

/**
 * Parses any IPv4 spelling: dotted `127.0.0.1`, short `127.1`, decimal `2130706433`, octal
 * `0177.0.0.1`, hex `0x7f.1` (mixed per part), with one optional trailing dot.
 * @returns the address as an unsigned 32-bit number, or null when the text is not an IPv4 address
 * @example parseIPv4("0x7f.1") // 2130706433
 */
export function parseIPv4(text: string): number | null {
  const trimmed = text.endsWith(".") ? text.slice(0, -1) : text;
  if (trimmed === "") return null;
  const parts = trimmed.split(".");
  if (parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIPv4Part(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop() ?? 0;
  // The last part fills all remaining bytes: "127.1" is 127.0.0.1, "2130706433" is all four.
  const lastWidth = 256 ** (4 - numbers.length);
  if (last >= lastWidth) return null;
  let value = 0;
  for (const n of numbers) {
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value * lastWidth + last;
}

/** Strict dotted-quad (the only IPv4 form allowed inside IPv6 text); leading zeros are ambiguous. */
function parseDottedQuad(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/**
 * Parses IPv6 text: compressed `::`, full, embedded dotted IPv4 (`::ffff:127.0.0.1`), optionally
 * in brackets and with a zone id (`fe80::1%eth0`, `fe80::1%25eth0`), which is dropped.
 * @returns the address as a 128-bit bigint, or null
 * @example parseIPv6("[::1]") // 1n
 */
export function parseIPv6(text: string): bigint | null {
  let s = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(":")) return null;
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseDottedQuad(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): string[] | null => {
    if (half === undefined || half === "") return [];
    const parts = half.split(":");
    return parts.every((p) => /^[0-9a-f]{1,4}$/i.test(p)) ? parts : null;
  };
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  if (head === null || rest === null) return null;
  const compressed = halves.length === 2;
  const count = head.length + rest.length;
  if (compressed ? count > 7 : count !== 8) return null;
  const words = [...head, ...Array<string>(8 - count).fill("0"), ...rest];
  return words.reduce((acc, word) => (acc << 16n) | BigInt(Number.parseInt(word, 16)), 0n);
}

/** Parses an IPv4 (any spelling) or IPv6 (with or without brackets) address; null for a name. */
export function parseIp(text: string): IpAddress | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseIPv6(text);
  return v6 === null ? null : { version: 6, value: v6 };
}

/** Dotted-quad text for an IPv4 number. */
export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join(".");
}

/** Canonical RFC 5952 text for an IPv6 bigint (lowercase, longest zero run compressed). */
export function formatIPv6(value: bigint): string {
  const words = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1; // a single zero word is never compressed
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/** Canonical text of a parsed address (no brackets). */
export function formatIp(ip: IpAddress): string {
  return ip.version === 4 ? formatIPv4(ip.value) : formatIPv6(ip.value);
}

interface V4Range {
  base: number;
  bits: number;
  category: IpCategory;
}

function v4(cidr: string, category: IpCategory): V4Range {
  const [address = "", bits = "32"] = cidr.split("/");
  return { base: parseIPv4(address) ?? 0, bits: Number(bits), category };
}

// IANA IPv4 Special-Purpose Address Registry, plus cloud metadata endpoints. First match wins,
// so single metadata addresses come before the ranges that contain them.
const V4_RANGES: readonly V4Range[] = [
  v4("169.254.169.254/32", "metadata"), // AWS, GCP, Azure, OpenStack, DigitalOcean... IMDS
  v4("169.254.170.2/32", "metadata"), // AWS ECS task metadata / credentials
  v4("100.100.100.200/32", "metadata"), // Alibaba Cloud
  v4("168.63.129.16/32", "metadata"), // Azure WireServer: a public-looking address that is host-local
  v4("0.0.0.0/8", "unspecified"), // "this network": 0.0.0.0 reaches the local machine on Linux
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "cgnat"),
  v4("127.0.0.0/8", "loopback"),
  v4("169.254.0.0/16", "link_local"),
  v4("172.16.0.0/12", "private"),
  v4("192.0.0.0/24", "reserved"), // IETF protocol assignments
  v4("192.0.2.0/24", "documentation"),
  v4("192.88.99.0/24", "reserved"), // deprecated 6to4 relay anycast
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "benchmarking"),
  v4("198.51.100.0/24", "documentation"),
  v4("203.0.113.0/24", "documentation"),
  v4("224.0.0.0/4", "multicast"),
  v4("240.0.0.0/4", "reserved"), // includes the limited broadcast 255.255.255.255
];

function inV4Range(value: number, range: V4Range): boolean {
  if (range.bits === 0) return true;
  const mask = (0xffff_ffff << (32 - range.bits)) >>> 0;
  return (value & mask) >>> 0 === (range.base & mask) >>> 0;
}

/** Category of an IPv4 address. */
export function classifyIPv4(value: number): IpCategory {
  return V4_RANGES.find((range) => inV4Range(value, range))?.category ?? "public";
}

interface V6Range {
  base: bigint;
  bits: number;
  category: IpCategory;
}

interface V6Embedding {
  base: bigint;
  bits: number;
  via: Ipv4Embedding;
  /** Bit offset of the IPv4 address from the least significant end. */
  shift: bigint;
  /** What a public embedded IPv4 address makes of the whole: only some embeddings are really routable. */
  ifPublic: IpCategory;
}

function v6(cidr: string, category: IpCategory): V6Range {
  const [address = "", bits = "128"] = cidr.split("/");
  return { base: parseIPv6(address) ?? 0n, bits: Number(bits), category };
}

function inV6Prefix(value: bigint, base: bigint, bits: number): boolean {
  const shift = BigInt(128 - bits);
  return value >> shift === base >> shift;
}

const V6_EXACT: readonly V6Range[] = [
  v6("::/128", "unspecified"),
  v6("::1/128", "loopback"),
  v6("fd00:ec2::254/128", "metadata"), // AWS IMDS over IPv6
];

// IPv6 forms that carry an IPv4 address: judge the IPv4 address, so ::ffff:127.0.0.1 is loopback.
const V6_EMBEDDINGS: readonly V6Embedding[] = [
  { base: parseIPv6("::ffff:0:0") ?? 0n, bits: 96, via: "ipv4_mapped", shift: 0n, ifPublic: "public" },
  { base: parseIPv6("::ffff:0:0:0") ?? 0n, bits: 96, via: "ipv4_translated", shift: 0n, ifPublic: "reserved" },
  { base: parseIPv6("64:ff9b::") ?? 0n, bits: 96, via: "nat64", shift: 0n, ifPublic: "public" },
  { base: parseIPv6("2002::") ?? 0n, bits: 16, via: "6to4", shift: 80n, ifPublic: "public" },
  // Deprecated (RFC 4291 §2.5.5.1); checked after ::/128 and ::1/128 above.
  { base: 0n, bits: 96, via: "ipv4_compatible", shift: 0n, ifPublic: "reserved" },
];

// IANA IPv6 Special-Purpose Address Registry; first match wins. Anything outside 2000::/3 (global
// unicast) that no row names is reserved too.
const V6_RANGES: readonly V6Range[] = [
  v6("64:ff9b:1::/48", "private"), // local-use NAT64
  v6("100::/64", "reserved"), // discard-only
  v6("2001:2::/48", "benchmarking"),
  v6("2001:db8::/32", "documentation"),
  // IETF protocol assignments, incl. Teredo 2001::/32 whose obfuscated IPv4 could point anywhere.
  v6("2001::/23", "reserved"),
  v6("3fff::/20", "documentation"),
  v6("5f00::/16", "reserved"), // SRv6 SIDs
  v6("fc00::/7", "private"), // unique local
  v6("fe80::/10", "link_local"),
  v6("fec0::/10", "private"), // deprecated site-local
  v6("ff00::/8", "multicast"),
];

/** Category of an IPv6 address, judging any IPv4 address embedded in it. */
export function classifyIPv6(value: bigint): IpClassification {
  const exact = V6_EXACT.find((range) => inV6Prefix(value, range.base, range.bits));
  if (exact) return { category: exact.category };
  for (const embedding of V6_EMBEDDINGS) {
    if (!inV6Prefix(value, embedding.base, embedding.bits)) continue;
    const inner = Number((value >> embedding.shift) & 0xffff_ffffn);
    const category = classifyIPv4(inner);
    return {
      category: category === "public" ? embedding.ifPublic : category,
      embedded: { via: embedding.via, ipv4: formatIPv4(inner) },
    };
  }
  const range = V6_RANGES.find((r) => inV6Prefix(value, r.base, r.bits));
  if (range) return { category: range.category };
  return { category: inV6Prefix(value, 0x2000n << 112n, 3) ? "public" : "reserved" };
}

/**
 * Classifies an address.
 * @example classifyIp(parseIp("::ffff:169.254.169.254")!) // { category: "metadata", embedded: {...} }
 */
export function classifyIp(ip: IpAddress): IpClassification {
  return ip.version === 4 ? { category: classifyIPv4(ip.value) } : classifyIPv6(ip.value);
}
