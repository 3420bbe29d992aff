import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, parseRetryAfter, statusLine } from "./http-response";

const now = Date.UTC(2026, 0, 15, 10, 30);

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates relative to now", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
  });

  it("treats a past date as no wait, caps long waits, and ignores garbage", () => {
    expect(parseRetryAfter(new Date(now - 60_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter("86400", now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("statusLine", () => {
  it("uses the server's reason phrase, else the standard one", () => {
    expect(statusLine(503, "Service Unavailable")).toBe("503 Service Unavailable");
    expect(statusLine(404, "")).toBe("404 Not Found");
    expect(statusLine(418, "I'm a teapot")).toBe("418 I'm a teapot");
    expect(statusLine(599, "")).toBe("599");
  });
});
