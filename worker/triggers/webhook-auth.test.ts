import { describe, expect, it } from "vitest";
import {
  describeWebhookAuthFailure,
  INVALID_CREDENTIALS,
  signWebhook,
  verifyWebhookCredentials,
  webhookCredentials,
} from "./webhook-auth";

const SECRET = "hooksec_test-secret-value-0123456789";
const NOW = Date.parse("2026-03-01T12:00:00Z");
const NOW_S = NOW / 1000;
const BODY = '{"order_id": "o-1",  "amount": 12}';

async function verify(credentials: ReturnType<typeof webhookCredentials>, rawBody = BODY) {
  return verifyWebhookCredentials({ secret: SECRET, credentials, rawBody, nowMs: NOW });
}

describe("webhookCredentials", () => {
  it("prefers a signature over a secret header, and reports nothing sent", () => {
    expect(webhookCredentials({ secret: "s", signature: "v1=ab", timestamp: " 12 " })).toEqual({
      kind: "signature",
      signature: "v1=ab",
      timestamp: "12",
    });
    expect(webhookCredentials({ secret: "s" })).toEqual({ kind: "secret", secret: "s" });
    expect(webhookCredentials({ secret: "", signature: "  " })).toEqual({ kind: "none" });
  });
});

describe("verifyWebhookCredentials", () => {
  it("accepts the right secret and refuses a wrong or truncated one", async () => {
    expect(await verify({ kind: "secret", secret: SECRET })).toEqual({ ok: true, via: "secret" });
    expect(await verify({ kind: "secret", secret: `${SECRET}x` })).toEqual({ ok: false, reason: "mismatch" });
    expect(await verify({ kind: "secret", secret: SECRET.slice(0, 10) })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("accepts a signature over timestamp and the exact body bytes", async () => {
    const signature = await signWebhook(SECRET, NOW_S, BODY);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    const ok = await verify({ kind: "signature", signature, timestamp: String(NOW_S) });
    expect(ok).toEqual({ ok: true, via: "signature" });
    // Re-serialising the JSON changes the bytes, so the signature no longer matches.
    const reformatted = JSON.stringify(JSON.parse(BODY));
    expect(await verify({ kind: "signature", signature, timestamp: String(NOW_S) }, reformatted)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("accepts any of several v1 signatures (a caller mid-rotation) and ignores other versions", async () => {
    const good = await signWebhook(SECRET, NOW_S, BODY);
    const header = `v0=deadbeef v1=${"0".repeat(64)}, ${good}`;
    expect(await verify({ kind: "signature", signature: header, timestamp: String(NOW_S) })).toMatchObject({
      ok: true,
    });
  });

  it("refuses a signature made with another secret or for another timestamp", async () => {
    const other = await signWebhook("hooksec_other", NOW_S, BODY);
    expect(await verify({ kind: "signature", signature: other, timestamp: String(NOW_S) })).toEqual({
      ok: false,
      reason: "mismatch",
    });
    const shifted = await signWebhook(SECRET, NOW_S - 1, BODY);
    expect(await verify({ kind: "signature", signature: shifted, timestamp: String(NOW_S) })).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("refuses a timestamp older or newer than 300 s, even with a valid signature", async () => {
    for (const ts of [NOW_S - 301, NOW_S + 301]) {
      const signature = await signWebhook(SECRET, ts, BODY);
      expect(await verify({ kind: "signature", signature, timestamp: String(ts) })).toEqual({
        ok: false,
        reason: "stale",
      });
    }
    const edge = await signWebhook(SECRET, NOW_S - 300, BODY);
    expect(await verify({ kind: "signature", signature: edge, timestamp: String(NOW_S - 300) })).toMatchObject({
      ok: true,
    });
  });

  it("refuses a timestamp that isn't Unix seconds, and no credentials at all", async () => {
    const signature = await signWebhook(SECRET, NOW_S, BODY);
    for (const timestamp of ["", "2026-03-01T12:00:00Z", "-5", "1.5"]) {
      expect(await verify({ kind: "signature", signature, timestamp })).toEqual({
        ok: false,
        reason: "malformed_timestamp",
      });
    }
    expect(await verify({ kind: "none" })).toEqual({ ok: false, reason: "missing" });
  });
});

describe("describeWebhookAuthFailure", () => {
  it("gives one generic message for a mismatch and says when the timestamp is too old", () => {
    expect(describeWebhookAuthFailure("mismatch")).toBe(INVALID_CREDENTIALS);
    expect(describeWebhookAuthFailure("stale")).toMatch(/timestamp is too old.*300 s/);
    expect(describeWebhookAuthFailure("missing")).toContain("X-Fluxo-Secret");
  });
});
