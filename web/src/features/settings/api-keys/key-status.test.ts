import { describe, expect, it } from "vitest";
import { keyStatus, keyStatusTone } from "./key-status";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");

describe("keyStatus", () => {
  it("is active without expiry, or before it", () => {
    expect(keyStatus({ revoked_at: null, expires_at: null }, NOW)).toBe("active");
    expect(keyStatus({ revoked_at: null, expires_at: "2026-03-01T12:00:01.000Z" }, NOW)).toBe("active");
  });
  it("is expired from the expiry instant on, like the server", () => {
    expect(keyStatus({ revoked_at: null, expires_at: "2026-03-01T12:00:00.000Z" }, NOW)).toBe("expired");
  });
  it("says revoked for a revoked key, even an expired one", () => {
    expect(keyStatus({ revoked_at: "2026-02-01T00:00:00.000Z", expires_at: "2026-02-02T00:00:00.000Z" }, NOW)).toBe(
      "revoked",
    );
  });
  it("colours only working keys as ok", () => {
    expect([keyStatusTone("active"), keyStatusTone("expired"), keyStatusTone("revoked")]).toEqual([
      "ok",
      "warn",
      "neutral",
    ]);
  });
});
