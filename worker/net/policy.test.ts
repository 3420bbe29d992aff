import { describe, expect, it } from "vitest";
import { BLOCK_REASONS, FetchFailedError, NetworkPolicyError } from "./errors";
import { checkHost } from "./host";
import { IP_CATEGORIES } from "./ip";
import {
  AllowedDomain,
  checkUrl,
  checkUrlSync,
  isAllowlisted,
  type NetworkPolicy,
  normalizeAllowedDomain,
  policyFromEnv,
  type Resolver,
} from "./policy";

const strict: NetworkPolicy = { allowLoopback: false };
const local: NetworkPolicy = { allowLoopback: true };

function fakeResolver(answers: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const found = answers[hostname];
    if (found === undefined) throw new Error("SERVFAIL");
    return found;
  };
}

describe("policyFromEnv", () => {
  it("keeps loopback blocked by default", () => {
    const { policy, warnings } = policyFromEnv({ APP_ENV: "development" });
    expect(policy.allowLoopback).toBe(false);
    expect(warnings).toEqual([]);
  });

  it("allows loopback only when asked for outside production, and says so", () => {
    const { policy, warnings } = policyFromEnv({ APP_ENV: "development", ALLOW_LOOPBACK_TARGETS: "true" });
    expect(policy.allowLoopback).toBe(true);
    expect(warnings[0]).toMatch(/may reach loopback/);
  });

  it("refuses the loopback setting in production with a warning to log", () => {
    const { policy, warnings } = policyFromEnv({ APP_ENV: "production", ALLOW_LOOPBACK_TARGETS: "true" });
    expect(policy.allowLoopback).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/ignored in production/)]);
  });

  it("treats anything but the exact string true as off", () => {
    for (const flag of ["TRUE", "1", "yes"]) {
      const { policy, warnings } = policyFromEnv({ APP_ENV: "development", ALLOW_LOOPBACK_TARGETS: flag });
      expect(policy.allowLoopback).toBe(false);
      expect(warnings[0]).toMatch(/stay blocked/);
    }
  });

  it("applies overrides but never lets them switch loopback on", () => {
    const overrides = { allowedDomains: ["api.example.com"], maxRedirects: 2, allowLoopback: true } as never;
    const { policy } = policyFromEnv({ APP_ENV: "production" }, overrides);
    expect(policy).toMatchObject({ allowLoopback: false, allowedDomains: ["api.example.com"], maxRedirects: 2 });
  });
});

describe("allowlist", () => {
  it.each([
    ["API.Example.com.", "api.example.com"],
    ["*.Example.COM", "*.example.com"],
    ["*.bücher.example", "*.xn--bcher-kva.example"],
    ["93.184.216.34", "93.184.216.34"],
    ["[2606:4700::1]", "2606:4700::1"],
  ])("normalises %s to %s", (entry, normalized) => {
    expect(normalizeAllowedDomain(entry)).toBe(normalized);
  });

  it.each([["*"], ["*.com"], ["*.1.2.3.4"], ["api.example.com/path"], ["user@example.com"], ["a*.example.com"], [""]])(
    "rejects the entry %j",
    (entry) => {
      expect(normalizeAllowedDomain(entry)).toBeNull();
      expect(AllowedDomain.safeParse(entry).success).toBe(false);
    },
  );

  it("matches exact hosts and subdomains of wildcards, not the apex or look-alikes", () => {
    const list = ["api.example.com", "*.hooks.example.org"];
    expect(isAllowlisted("api.example.com", list)).toBe(true);
    expect(isAllowlisted("a.b.hooks.example.org", list)).toBe(true);
    expect(isAllowlisted("hooks.example.org", list)).toBe(false);
    expect(isAllowlisted("evilhooks.example.org", list)).toBe(false);
    expect(isAllowlisted("api.example.com.evil.net", list)).toBe(false);
    expect(isAllowlisted("api.example.com", [])).toBe(false);
  });

  it("refuses a host outside the allowlist, and an empty allowlist refuses everything", () => {
    const policy = { allowLoopback: false, allowedDomains: ["*.example.com"] };
    expect(checkUrlSync("https://api.example.com/x", policy).ok).toBe(true);
    const refused = checkUrlSync("https://api.example.net/x", policy);
    expect(refused).toMatchObject({ ok: false, reason: "not_allowlisted" });
    expect(checkUrlSync("https://api.example.com/", { allowLoopback: false, allowedDomains: [] }).ok).toBe(false);
  });
});

describe("checkHost", () => {
  it("allows only loopback (127/8, ::1, localhost) when loopback is on", () => {
    expect(checkHost("127.0.0.1", { allowLoopback: true }).ok).toBe(true);
    expect(checkHost("[::1]", { allowLoopback: true }).ok).toBe(true);
    expect(checkHost("localhost", { allowLoopback: true })).toMatchObject({ ok: true, kind: "name", resolve: false });
    expect(checkHost("[::ffff:127.0.0.1]", { allowLoopback: true }).ok).toBe(true);
    const others = ["10.0.0.1", "169.254.169.254", "0.0.0.0", "app.localhost", "[fd00:ec2::254]"];
    // Loopback embedded in tunnelling forms is a remote gateway's loopback, not ours.
    const tunnelled = ["[2002:7f00:1::]", "[64:ff9b::127.0.0.1]", "[::127.0.0.1]"];
    for (const host of [...others, ...tunnelled]) {
      expect(checkHost(host, { allowLoopback: true }).ok).toBe(false);
    }
  });

  it("shows how the caller spelled an address next to its canonical form", () => {
    const verdict = checkHost("0x7f.1", { allowLoopback: false });
    expect(verdict).toMatchObject({ ok: false, reason: "loopback", address: "127.0.0.1" });
    if (!verdict.ok) expect(verdict.message).toMatch(/^Blocked: 0x7f\.1 \(127\.0\.0\.1\) is a loopback address/);
  });

  it("refuses numeric-looking names that are not valid addresses", () => {
    expect(checkHost("1.2.3.999", { allowLoopback: false })).toMatchObject({ ok: false, reason: "invalid_url" });
    expect(checkHost("example.0x10", { allowLoopback: false })).toMatchObject({ ok: false, reason: "invalid_url" });
    expect(checkHost("fe80::zz", { allowLoopback: false })).toMatchObject({ ok: false, reason: "invalid_url" });
  });

  it("passes public names for resolving", () => {
    expect(checkHost("API.example.com.", { allowLoopback: false })).toEqual({
      ok: true,
      kind: "name",
      host: "api.example.com",
      resolve: true,
    });
  });
});

describe("checkUrlSync", () => {
  it("returns the parsed URL for an allowed target", () => {
    const check = checkUrlSync("https://api.example.com/v1?q=1", strict);
    expect(check.ok && check.url.href).toBe("https://api.example.com/v1?q=1");
  });

  it("never echoes query strings or credentials in what it reports", () => {
    const check = checkUrlSync("http://10.0.0.1/x?api_key=s3cret", strict);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.details.url).toBe("http://10.0.0.1/x");
      expect(JSON.stringify(check)).not.toContain("s3cret");
    }
    const withUser = checkUrlSync("https://bob:hunter2@example.com/", strict);
    expect(withUser).toMatchObject({ ok: false, reason: "credentials" });
    expect(JSON.stringify(withUser)).not.toContain("hunter2");
  });

  it("checks the loopback switch for URLs too", () => {
    expect(checkUrlSync("http://127.0.0.1:8787/", local).ok).toBe(true);
    expect(checkUrlSync("http://127.0.0.1:8787/", strict)).toMatchObject({ ok: false, reason: "loopback" });
  });

  it("has a reason for every blocked address category", () => {
    for (const category of IP_CATEGORIES.filter((c) => c !== "public")) {
      expect(BLOCK_REASONS).toContain(category);
    }
  });

  it("builds a non-retryable error from a refusal", () => {
    const check = checkUrlSync("http://169.254.169.254/latest/meta-data/", strict);
    if (check.ok) throw new Error("expected a refusal");
    const err = new NetworkPolicyError(check.details);
    expect(err).toMatchObject({ code: "network_blocked", reason: "metadata", retryable: false });
    expect(err.message).toBe("Blocked: 169.254.169.254 is a cloud metadata address");
  });
});

describe("checkUrl with a resolver", () => {
  const resolver = fakeResolver({
    "api.example.com": ["93.184.216.34", "2606:2800:220:1::1"],
    "rebind.attacker.example": ["93.184.216.34", "10.0.0.5"],
    "v6.attacker.example": ["::ffff:169.254.169.254"],
    "nowhere.example": [],
    "garbage.example": ["not-an-ip"],
  });

  it("passes a name whose addresses are all public, and reports them", async () => {
    const check = await checkUrl("https://api.example.com/", { allowLoopback: false, resolver });
    expect(check).toMatchObject({ ok: true, addresses: ["93.184.216.34", "2606:2800:220:1::1"] });
  });

  it("refuses a name when any address is private", async () => {
    const check = await checkUrl("https://rebind.attacker.example/", { allowLoopback: false, resolver });
    expect(check).toMatchObject({ ok: false, reason: "private", details: { address: "10.0.0.5" } });
    if (!check.ok)
      expect(check.message).toBe("Blocked: rebind.attacker.example (10.0.0.5) is a private network address");
  });

  it("judges IPv4 hidden in a resolved IPv6 answer", async () => {
    const check = await checkUrl("https://v6.attacker.example/", { allowLoopback: false, resolver });
    expect(check).toMatchObject({ ok: false, reason: "metadata" });
  });

  it("fails retryably, never open, when resolution fails", async () => {
    for (const host of ["nowhere.example", "garbage.example", "unknown.example"]) {
      const attempt = checkUrl(`https://${host}/`, { allowLoopback: false, resolver });
      await expect(attempt).rejects.toBeInstanceOf(FetchFailedError);
      await expect(attempt).rejects.toMatchObject({ code: "network_error", retryable: true });
    }
  });

  it("does not ask the resolver about IP literals or an allowed localhost", async () => {
    const asked: string[] = [];
    const spy: Resolver = async (name) => {
      asked.push(name);
      return ["127.0.0.1"];
    };
    expect((await checkUrl("http://8.8.8.8/", { allowLoopback: false, resolver: spy })).ok).toBe(true);
    expect((await checkUrl("http://localhost:8787/", { allowLoopback: true, resolver: spy })).ok).toBe(true);
    expect(asked).toEqual([]);
  });

  it("lets a name resolve to loopback only when loopback is allowed", async () => {
    const toLoopback = fakeResolver({ "dev.example.com": ["127.0.0.1"] });
    expect((await checkUrl("http://dev.example.com/", { allowLoopback: true, resolver: toLoopback })).ok).toBe(true);
    const refused = await checkUrl("http://dev.example.com/", { allowLoopback: false, resolver: toLoopback });
    expect(refused).toMatchObject({ ok: false, reason: "loopback" });
  });
});
