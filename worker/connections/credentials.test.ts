import { describe, expect, it } from "vitest";
import { authFor, isExpired, isUsable, parseTokenResponse, splitCredentials } from "./credentials";

describe("splitCredentials", () => {
  it("keeps only secrets in the sealed part and shows a masked hint", () => {
    const split = splitCredentials(
      { type: "api_key", api_key: "key_abcdefghijklmnop9876", in: "query", param_name: "api_key" },
      { base_url: "https://api.example.com" },
    );
    expect(split.secret).toEqual({ type: "api_key", api_key: "key_abcdefghijklmnop9876" });
    expect(split.config).toEqual({ base_url: "https://api.example.com", in: "query", param_name: "api_key" });
    expect(split.hint).toBe("key_…9876");
    expect(JSON.stringify(split.config)).not.toContain("abcdefghijklmnop");
  });

  it("shows a basic user name but not the password, and header names but not values", () => {
    expect(splitCredentials({ type: "basic", username: "ops", password: "pw" }, {}).hint).toBe("ops:…");
    expect(splitCredentials({ type: "headers", headers: { "X-B": "2", "X-A": "1" } }, {}).hint).toBe("X-A, X-B");
  });

  it("marks an OAuth2 connection refreshable only with both a refresh token and a token URL", () => {
    const base = { type: "oauth2" as const, access_token: "at", expires_at: "2026-01-01T00:00:00.000Z" };
    const full = splitCredentials({ ...base, refresh_token: "rt", token_url: "https://auth.example.com/token" }, {});
    expect(full.config.refreshable).toBe(true);
    expect(full.expiresAt).toBe(Date.parse("2026-01-01T00:00:00.000Z"));
    expect(full.secret).toEqual({ type: "oauth2", access_token: "at", refresh_token: "rt" });
    expect(splitCredentials({ ...base, refresh_token: "rt" }, {}).config.refreshable).toBe(false);
  });
});

describe("authFor", () => {
  it("puts each type's credentials where APIs expect them", () => {
    expect(authFor({ type: "bearer", token: "t1" }, {}).headers).toEqual({ Authorization: "Bearer t1" });
    expect(authFor({ type: "api_key", api_key: "k" }, {}).headers).toEqual({ "X-API-Key": "k" });
    const query = authFor({ type: "api_key", api_key: "k" }, { in: "query", param_name: "key" });
    expect(query).toMatchObject({ headers: {}, query: { key: "k" } });
    const basic = authFor({ type: "basic", username: "aladdin", password: "opensesame" }, {});
    expect(basic.headers.Authorization).toBe("Basic YWxhZGRpbjpvcGVuc2VzYW1l");
    expect(basic.secretValues).toEqual(["opensesame", "YWxhZGRpbjpvcGVuc2VzYW1l"]);
    expect(authFor({ type: "headers", headers: { "X-T": "v" } }, {}).headers).toEqual({ "X-T": "v" });
  });

  it("lists every OAuth2 secret for redaction", () => {
    const auth = authFor({ type: "oauth2", access_token: "a", refresh_token: "r", client_secret: "c" }, {});
    expect(auth.headers.Authorization).toBe("Bearer a");
    expect(auth.secretValues).toEqual(["a", "r", "c"]);
  });
});

describe("expiry", () => {
  const now = Date.parse("2026-06-01T12:00:00Z");
  it("treats a token expiring within a minute as expired, and one without expiry as fresh", () => {
    expect(isExpired(null, now)).toBe(false);
    expect(isExpired(now + 30_000, now)).toBe(true);
    expect(isExpired(now + 5 * 60_000, now)).toBe(false);
  });
  it("keeps an expired but refreshable connection usable", () => {
    expect(isUsable({ expiresAt: now - 1, config: { refreshable: true } }, now)).toBe(true);
    expect(isUsable({ expiresAt: now - 1, config: {} }, now)).toBe(false);
  });
});

describe("parseTokenResponse", () => {
  it("reads the access token, an optional new refresh token and the expiry", () => {
    expect(parseTokenResponse({ access_token: "n", expires_in: 60, refresh_token: "r2" }, 1_000)).toEqual({
      access_token: "n",
      refresh_token: "r2",
      expires_at: 61_000,
    });
    expect(parseTokenResponse({ access_token: "n" }, 0)).toEqual({ access_token: "n", expires_at: null });
  });
  it("rejects an answer without an access token", () => {
    expect(parseTokenResponse({ error: "invalid_grant" }, 0)).toBeNull();
    expect(parseTokenResponse("nope", 0)).toBeNull();
  });
});
