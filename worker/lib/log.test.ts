import { describe, expect, it } from "vitest";
import { redact } from "./log";

describe("redact", () => {
  it("hides values under secret-looking keys at any depth", () => {
    const out = redact({
      user: "ana",
      password: "hunter2",
      nested: { api_key: "k", Authorization: "Bearer x", list: [{ refresh_token: "t" }] },
    });
    expect(out).toEqual({
      user: "ana",
      password: "[redacted]",
      nested: { api_key: "[redacted]", Authorization: "[redacted]", list: [{ refresh_token: "[redacted]" }] },
    });
  });
});
