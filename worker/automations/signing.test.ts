import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSignatureHeader, signatureHeader, signedContent, verifySignature } from "./signing";

const SECRET = "whsec_current-secret-0123456789";
const OLD = "whsec_previous-secret-987654321";
const NOW = Date.parse("2026-01-15T10:30:00Z");
const fields = {
  timestamp: NOW / 1000,
  eventId: "evt_1",
  tenantId: "org_1",
  rawBody: '{"event_id":"evt_1","type":"run.completed"}',
};

/** What a receiver computes with Node's crypto, independently of the code under test. */
function nodeSignature(secret: string): string {
  return createHmac("sha256", secret).update(signedContent(fields)).digest("hex");
}

describe("signatureHeader", () => {
  it("is v1=<hex HMAC-SHA256> over timestamp.event_id.tenant_id.raw_body", async () => {
    expect(signedContent(fields)).toBe(`${NOW / 1000}.evt_1.org_1.${fields.rawBody}`);
    expect(await signatureHeader([SECRET], fields)).toBe(`v1=${nodeSignature(SECRET)}`);
  });

  it("carries one signature per active secret while rotating, newest first", async () => {
    expect(await signatureHeader([SECRET, OLD], fields)).toBe(`v1=${nodeSignature(SECRET)} v1=${nodeSignature(OLD)}`);
  });

  it("refuses to sign without a secret", async () => {
    await expect(signatureHeader([], fields)).rejects.toThrow(/at least one secret/);
  });
});

describe("verifySignature", () => {
  const base = {
    secrets: [SECRET],
    timestampHeader: String(NOW / 1000),
    eventId: "evt_1",
    tenantId: "org_1",
    rawBody: fields.rawBody,
    nowMs: NOW,
  };

  it("accepts a valid signature, also among others and comma-separated", async () => {
    const header = `v1=${nodeSignature(SECRET)}`;
    expect(await verifySignature({ ...base, signatureHeader: header })).toEqual({ ok: true });
    expect(await verifySignature({ ...base, signatureHeader: `v0=abc, v1=${"00".repeat(32)}, ${header}` })).toEqual({
      ok: true,
    });
  });

  it("accepts the previous secret during a rotation", async () => {
    const header = `v1=${nodeSignature(OLD)}`;
    expect((await verifySignature({ ...base, signatureHeader: header })).ok).toBe(false);
    expect((await verifySignature({ ...base, secrets: [SECRET, OLD], signatureHeader: header })).ok).toBe(true);
  });

  it("refuses a wrong secret, a changed body, another tenant and another event id", async () => {
    const header = `v1=${nodeSignature(SECRET)}`;
    const cases = [
      { ...base, secrets: ["whsec_someone-else-entirely"] },
      { ...base, rawBody: `${fields.rawBody} ` },
      { ...base, tenantId: "org_2" },
      { ...base, eventId: "evt_2" },
    ];
    for (const input of cases) {
      expect(await verifySignature({ ...input, signatureHeader: header })).toMatchObject({
        ok: false,
        reason: "mismatch",
      });
    }
  });

  it("refuses timestamps more than 300 s away, either way, and malformed ones", async () => {
    const header = `v1=${nodeSignature(SECRET)}`;
    expect(await verifySignature({ ...base, signatureHeader: header, nowMs: NOW + 301_000 })).toMatchObject({
      ok: false,
      reason: "timestamp_out_of_window",
    });
    expect((await verifySignature({ ...base, signatureHeader: header, nowMs: NOW + 299_000 })).ok).toBe(true);
    expect(await verifySignature({ ...base, signatureHeader: header, nowMs: NOW - 301_000 })).toMatchObject({
      reason: "timestamp_out_of_window",
    });
    expect(await verifySignature({ ...base, signatureHeader: header, timestampHeader: "soon" })).toMatchObject({
      reason: "invalid_timestamp",
    });
    // A zero-padded timestamp is not the one that was signed.
    expect(
      await verifySignature({ ...base, signatureHeader: header, timestampHeader: `0${NOW / 1000}` }),
    ).toMatchObject({ reason: "mismatch" });
  });

  it("says a signature is missing when there is no v1 value", async () => {
    for (const header of [undefined, "", "v2=abc", "v1=nothex", "v1="]) {
      const result = await verifySignature({ ...base, signatureHeader: header });
      expect(result).toMatchObject({ ok: false, reason: "missing_signature" });
      if (!result.ok) expect(result.message).toContain("X-Fluxo-Signature");
    }
  });
});

describe("parseSignatureHeader", () => {
  it("keeps v1 hex values only", () => {
    expect(parseSignatureHeader("v1=0a0b v0=ff,v1=zz  v1=ff").map((b) => [...b])).toEqual([[10, 11], [255]]);
  });
});
