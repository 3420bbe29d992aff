// The table of hostile URLs: every row is refused with a clear error by `checkUrl` and by
// `safeFetch`, directly and via a redirect, and (loopback rows aside) even with loopback allowed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BlockReason, FetchFailedError, NetworkPolicyError } from "./errors";
import { checkUrl, type NetworkPolicy, type Resolver } from "./policy";
import { type FetchLike, safeFetch } from "./safe-fetch";
import { startTestServer, type TestServer } from "./test-server";

interface Row {
  url: string;
  reason: Exclude<BlockReason, "redirect_blocked">;
  /** Refused only because the policy resolves names (see the policy module header). */
  needsResolver?: boolean;
  allowedDomains?: string[];
  /** False for strings that, as a redirect Location, would resolve as a harmless relative path. */
  asRedirect?: boolean;
}

// A hostile DNS zone for the resolver rows; every other name resolves to a public address.
const DNS: Record<string, string[]> = {
  "127.0.0.1.nip.io": ["127.0.0.1"],
  "rebind.attacker.example": ["10.0.0.5"],
  "dual.attacker.example": ["93.184.216.34", "fd00:ec2::254"],
  "mapped.attacker.example": ["::ffff:192.168.0.10"],
  "cgnat.attacker.example": ["100.64.1.1"],
};
const resolver: Resolver = async (name) => DNS[name] ?? ["93.184.216.34"];

const TABLE: Row[] = [
  // Schemes other than http/https
  { url: "file:///etc/passwd", reason: "scheme" },
  { url: "gopher://127.0.0.1:6379/_FLUSHALL", reason: "scheme" },
  { url: "dict://127.0.0.1:11211/stats", reason: "scheme" },
  { url: "ftp://example.com/", reason: "scheme" },
  { url: "ws://example.com/socket", reason: "scheme" },
  { url: "data:text/plain,hello", reason: "scheme" },
  { url: "javascript:alert(1)", reason: "scheme" },
  // Not URLs, or numbers that aren't addresses
  { url: "not a url", reason: "invalid_url", asRedirect: false },
  { url: "http://1.2.3.4.5/", reason: "invalid_url" },
  { url: "http://[fe80::1%25eth0]/", reason: "invalid_url" },
  { url: "http://example.0x10/", reason: "invalid_url" },
  // Loopback, in every spelling
  { url: "http://127.0.0.1/", reason: "loopback" },
  { url: "http://127.1/", reason: "loopback" },
  { url: "http://2130706433/", reason: "loopback" },
  { url: "http://0x7f.1/", reason: "loopback" },
  { url: "http://0177.0.0.1/", reason: "loopback" },
  { url: "http://0x7f000001/", reason: "loopback" },
  { url: "http://127.0.0.1./admin", reason: "loopback" },
  { url: "http://127.255.255.254:8080/", reason: "loopback" },
  { url: "http://%31%32%37.0.0.1/", reason: "loopback" },
  { url: "http://１２７.０.０.１/", reason: "loopback" },
  { url: "http://localhost/", reason: "loopback" },
  { url: "http://LOCALHOST./", reason: "loopback" },
  { url: "http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/", reason: "loopback" },
  { url: "http://[::1]/", reason: "loopback" },
  { url: "http://[0:0:0:0:0:0:0:1]:8080/", reason: "loopback" },
  { url: "http://[::ffff:127.0.0.1]/", reason: "loopback" },
  { url: "http://[::ffff:7f00:1]/", reason: "loopback" },
  { url: "http://[::127.0.0.1]/", reason: "loopback" },
  { url: "http://[2002:7f00:1::]/", reason: "loopback" },
  { url: "http://127.0.0.1.nip.io/", reason: "loopback", needsResolver: true },
  // "This host"
  { url: "http://0.0.0.0/", reason: "unspecified" },
  { url: "http://0/", reason: "unspecified" },
  { url: "http://[::]/", reason: "unspecified" },
  // Private networks
  { url: "http://10.0.0.1/", reason: "private" },
  { url: "http://172.16.0.1/", reason: "private" },
  { url: "http://172.31.255.255/", reason: "private" },
  { url: "http://192.168.1.1/", reason: "private" },
  { url: "http://0xc0a80001/", reason: "private" },
  { url: "http://3232235777/", reason: "private" },
  { url: "http://[fc00::1]/", reason: "private" },
  { url: "http://[fd12:3456::1]/", reason: "private" },
  { url: "http://[::ffff:10.0.0.1]/", reason: "private" },
  { url: "http://[64:ff9b::10.0.0.1]/", reason: "private" },
  { url: "http://rebind.attacker.example/", reason: "private", needsResolver: true },
  { url: "http://mapped.attacker.example/", reason: "private", needsResolver: true },
  // Link-local
  { url: "http://169.254.1.1/", reason: "link_local" },
  { url: "http://[fe80::1]/", reason: "link_local" },
  // Cloud metadata
  { url: "http://169.254.169.254/latest/meta-data/iam/", reason: "metadata" },
  { url: "http://2852039166/", reason: "metadata" },
  { url: "http://0xa9.0xfe.0xa9.0xfe/", reason: "metadata" },
  { url: "http://0251.0376.0251.0376/", reason: "metadata" },
  { url: "http://169.254.43518/", reason: "metadata" },
  { url: "http://[::ffff:169.254.169.254]/", reason: "metadata" },
  { url: "http://[64:ff9b::a9fe:a9fe]/", reason: "metadata" },
  { url: "http://[fd00:ec2::254]/", reason: "metadata" },
  { url: "http://metadata.google.internal/computeMetadata/v1/", reason: "metadata" },
  { url: "http://metadata.google.internal./", reason: "metadata" },
  { url: "http://100.100.100.200/latest/meta-data/", reason: "metadata" },
  { url: "http://169.254.170.2/v2/credentials", reason: "metadata" },
  { url: "http://dual.attacker.example/", reason: "metadata", needsResolver: true },
  // Shared, multicast, reserved, benchmarking, documentation
  { url: "http://100.64.0.1/", reason: "cgnat" },
  { url: "http://100.127.255.254/", reason: "cgnat" },
  { url: "http://cgnat.attacker.example/", reason: "cgnat", needsResolver: true },
  { url: "http://224.0.0.1/", reason: "multicast" },
  { url: "http://[ff02::1]/", reason: "multicast" },
  { url: "http://240.0.0.1/", reason: "reserved" },
  { url: "http://255.255.255.255/", reason: "reserved" },
  { url: "http://[2001::1]/", reason: "reserved" },
  { url: "http://198.18.0.1/", reason: "benchmarking" },
  { url: "http://192.0.2.10/", reason: "documentation" },
  { url: "http://[2001:db8::1]/", reason: "documentation" },
  // Names that only exist inside a network
  { url: "http://app.localhost/", reason: "internal_name" },
  { url: "http://printer.local/", reason: "internal_name" },
  { url: "http://db.internal:5432/", reason: "internal_name" },
  { url: "http://router.home.arpa/", reason: "internal_name" },
  { url: "http://intranet/", reason: "internal_name" },
  // Credentials in the URL (and the classic "which host is it?" confusion)
  { url: "http://user:pass@example.com/", reason: "credentials" },
  { url: "http://127.0.0.1:80@example.com/", reason: "credentials" },
  // Outside the org's allowlist
  { url: "https://evil.example.net/", reason: "not_allowlisted", allowedDomains: ["*.example.com"] },
  { url: "https://api.example.com.evil.net/", reason: "not_allowlisted", allowedDomains: ["api.example.com"] },
  { url: "https://example.com/", reason: "not_allowlisted", allowedDomains: ["*.example.com"] },
];

// What a reader of the message learns; every refusal must say it plainly.
const SAYS: Record<Row["reason"], RegExp> = {
  invalid_url: /not a valid URL|not a valid one/,
  scheme: /URLs are not allowed \(only http and https\)/,
  credentials: /user name or password/,
  loopback: /is a loopback (address|name)/,
  private: /is a private network address/,
  link_local: /is a link-local address/,
  cgnat: /is a carrier-grade NAT/,
  multicast: /is a multicast address/,
  reserved: /is a reserved address/,
  unspecified: /is an unspecified address/,
  benchmarking: /is a benchmarking-only address/,
  documentation: /is a documentation-only address/,
  metadata: /is a cloud metadata address/,
  internal_name: /is a local-only name|is a private network name|is not a public DNS name/,
  not_allowlisted: /is not in this organization's allowed domains/,
};

const START = "https://api.example.com/start";

function policyFor(row: Row, overrides: Partial<NetworkPolicy> = {}): NetworkPolicy {
  return {
    allowLoopback: false,
    resolver,
    ...(row.allowedDomains ? { allowedDomains: row.allowedDomains } : {}),
    ...overrides,
  };
}

/** A fetch that must never be called. */
const neverFetch: FetchLike = async (input) => {
  throw new Error(`safeFetch sent a request to ${input}`);
};

/** Location header text: real servers send non-ASCII URLs percent-encoded. */
const asLocation = (url: string) => url.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));

async function refusal(promise: Promise<unknown>): Promise<NetworkPolicyError> {
  const err = await promise.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  if (err instanceof NetworkPolicyError) return err;
  throw err;
}

describe("the hostile URL table", () => {
  it("has at least 40 rows and covers every reason", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(TABLE.map((row) => row.reason))).toEqual(new Set(Object.keys(SAYS)));
  });

  it.each(TABLE)("checkUrl refuses $url ($reason)", async (row) => {
    const check = await checkUrl(row.url, policyFor(row));
    expect(check).toMatchObject({ ok: false, code: "network_blocked", reason: row.reason });
    if (!check.ok) expect(check.message).toMatch(new RegExp(`^Blocked: .*${SAYS[row.reason].source}`));
  });

  it.each(TABLE)("safeFetch refuses $url without sending anything", async (row) => {
    const err = await refusal(safeFetch(row.url, { policy: policyFor(row), fetchImpl: neverFetch }));
    expect(err).toMatchObject({ code: "network_blocked", reason: row.reason, retryable: false });
    expect(err.message).toMatch(SAYS[row.reason]);
  });

  it.each(TABLE.filter((row) => row.asRedirect !== false))(
    "safeFetch refuses a redirect to $url and never follows it",
    async (row) => {
      const sent: string[] = [];
      const redirector: FetchLike = async (input) => {
        sent.push(input);
        if (input !== START) throw new Error(`safeFetch followed a redirect to ${input}`);
        return new Response(null, { status: 302, headers: { location: asLocation(row.url) } });
      };
      const allowedDomains = row.allowedDomains ? [...row.allowedDomains, "api.example.com"] : undefined;
      const policy = policyFor(row, allowedDomains ? { allowedDomains } : {});
      const err = await refusal(safeFetch(START, { policy, fetchImpl: redirector }));
      expect(err).toMatchObject({ code: "network_blocked", reason: "redirect_blocked", retryable: false });
      expect(err.details.redirect).toEqual({ hop: 1, blockedBy: row.reason });
      expect(err.message).toMatch(/^Blocked redirect \(hop 1\): /);
      if (row.reason !== "invalid_url") expect(err.message).toMatch(SAYS[row.reason]);
      expect(sent).toEqual([START]);
    },
  );

  it.each(TABLE.filter((row) => row.reason !== "loopback"))(
    "keeps $url blocked when loopback targets are allowed",
    async (row) => {
      const check = await checkUrl(row.url, policyFor(row, { allowLoopback: true }));
      expect(check).toMatchObject({ ok: false, reason: row.reason });
    },
  );

  it("lets names that only DNS betrays through when there is no resolver (documented limit)", async () => {
    for (const row of TABLE.filter((r) => r.needsResolver)) {
      const check = await checkUrl(row.url, { allowLoopback: false });
      expect(check.ok).toBe(true);
    }
  });
});

describe("the hostile URL table through a real redirect on 127.0.0.1", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  // Loopback rows are excluded: with loopback allowed (needed to reach this server) they are allowed.
  it.each(TABLE.filter((row) => row.reason !== "loopback" && row.asRedirect !== false))(
    "refuses a 302 from the local server to $url",
    async (row) => {
      const sent: string[] = [];
      const onlyLocal: FetchLike = (input, init) => {
        sent.push(input);
        if (!input.startsWith(`${server.origin}/`)) throw new Error(`test tried to reach ${input}`);
        return fetch(input, init);
      };
      const start = `${server.origin}/redirect?to=${encodeURIComponent(asLocation(row.url))}`;
      const allowedDomains = row.allowedDomains ? [...row.allowedDomains, "127.0.0.1"] : undefined;
      const policy = policyFor(row, { allowLoopback: true, ...(allowedDomains ? { allowedDomains } : {}) });
      const err = await safeFetch(start, { policy, fetchImpl: onlyLocal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkPolicyError);
      expect(err).not.toBeInstanceOf(FetchFailedError);
      expect((err as NetworkPolicyError).details.redirect).toEqual({ hop: 1, blockedBy: row.reason });
      expect(sent).toEqual([start]);
    },
  );
});
