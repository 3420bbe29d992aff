import { describe, expect, it } from "vitest";
import { isSecretKey, REDACTED, redactSnapshot, redactText, redactUrl } from "./redact";

describe("isSecretKey", () => {
  it.each([
    "password",
    "Passwd",
    "db_password",
    "token",
    "access_token",
    "X-Auth-Token",
    "authToken",
    "secret",
    "client_secret",
    "clientSecret",
    "api_key",
    "apikey",
    "X-Api-Key",
    "Authorization",
    "Proxy-Authorization",
    "credentials",
    "Cookie",
    "set-cookie",
    "private_key",
    "signature",
    "X-Fluxo-Signature",
  ])("treats %s as secret", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(["user", "max_tokens", "prompt_tokens", "author", "content-type", "keys"])("leaves %s visible", (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe("redactSnapshot", () => {
  it("hides values under secret keys at any depth, in header maps too, without touching the input", () => {
    const input = {
      url: "https://api.example.com/u",
      headers: { Authorization: "Bearer abc", Accept: "application/json", "X-Api-Key": "k-123" },
      body: { user: "ana", password: "hunter2", nested: [{ refresh_token: "t" }], usage: { max_tokens: 100 } },
    };
    const out = redactSnapshot(input);
    expect(out).toEqual({
      url: "https://api.example.com/u",
      headers: { Authorization: REDACTED, Accept: "application/json", "X-Api-Key": REDACTED },
      body: { user: "ana", password: REDACTED, nested: [{ refresh_token: REDACTED }], usage: { max_tokens: 100 } },
    });
    expect(input.headers.Authorization).toBe("Bearer abc");
  });

  it("hides a whole object under a secret key, and header pairs by name", () => {
    expect(redactSnapshot({ credentials: { user: "a", pass: "b" } })).toEqual({ credentials: REDACTED });
    expect(
      redactSnapshot([
        ["Authorization", "Basic xyz"],
        ["Accept", "*/*"],
      ]),
    ).toEqual([
      ["Authorization", REDACTED],
      ["Accept", "*/*"],
    ]);
    const headers = new Headers({ cookie: "sid=1", "content-type": "text/plain" });
    expect(redactSnapshot({ headers })).toEqual({ headers: { cookie: REDACTED, "content-type": "text/plain" } });
  });

  it("replaces every occurrence of a connection's secret values inside strings and keys", () => {
    const out = redactSnapshot(
      {
        note: "called with sk-live-123456 and again sk-live-123456",
        echo: { "sk-live-123456": 1 },
        list: ["x sk-live-123456"],
      },
      { secretValues: ["sk-live-123456"] },
    );
    expect(out).toEqual({
      note: `called with ${REDACTED} and again ${REDACTED}`,
      echo: { [REDACTED]: 1 },
      list: [`x ${REDACTED}`],
    });
  });

  it("replaces the longest secret first and ignores values too short to be secrets", () => {
    expect(redactText("abcdefgh", ["abcd", "abcdefgh"])).toBe(REDACTED);
    expect(redactText("a bc", ["a", "bc", ""])).toBe("a bc");
  });

  it("hides secret query parameters of URLs in strings", () => {
    expect(redactUrl("https://x.test/a?api_key=k1&page=2")).toBe("https://x.test/a?api_key=%5Bredacted%5D&page=2");
    expect(redactSnapshot({ url: "https://x.test/a?token=t1" })).toEqual({
      url: "https://x.test/a?token=%5Bredacted%5D",
    });
    expect(redactUrl("not a url?token=1")).toBe("not a url?token=1");
  });

  it("marks cycles instead of recursing forever, but copies shared values", () => {
    const shared = { n: 1 };
    const loop: Record<string, unknown> = { name: "root", a: shared, b: shared };
    loop.self = loop;
    expect(redactSnapshot(loop)).toEqual({ name: "root", a: { n: 1 }, b: { n: 1 }, self: "[circular]" });
  });

  it("cuts values that are too deep, too many or too long", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(JSON.stringify(redactSnapshot(deep, { maxDepth: 3 }))).toBe(
      '{"d":{"d":{"d":"[truncated: nested too deep]"}}}',
    );
    const many = Array.from({ length: 10 }, (_, i) => i);
    expect(redactSnapshot(many, { maxNodes: 4 })).toEqual([
      0,
      1,
      2,
      "[truncated]",
      "[truncated]",
      "[truncated]",
      "[truncated]",
      "[truncated]",
      "[truncated]",
      "[truncated]",
    ]);
    const long = redactSnapshot(`${"x".repeat(50)}secret-value`, {
      maxStringLength: 20,
      secretValues: ["secret-value"],
    });
    expect(long).toBe(`${"x".repeat(20)}…[truncated 40 characters]`);
  });

  it("turns non-JSON values into JSON-safe ones", () => {
    const out = redactSnapshot({
      when: new Date(0),
      bytes: new Uint8Array(3),
      fn: () => 1,
      big: 10n,
      nan: Number.NaN,
      err: new Error("boom"),
      list: [undefined, () => 1],
    });
    expect(out).toEqual({
      when: "1970-01-01T00:00:00.000Z",
      bytes: "[binary 3 bytes]",
      big: "10",
      nan: null,
      err: { name: "Error", message: "boom" },
      list: [null, null],
    });
  });
});
