/**
 * The Fluxo signature scheme, shared by outbound deliveries and inbound callbacks:
 * `X-Fluxo-Signature: v1=<hex HMAC-SHA256(secret, "timestamp.event_id.tenant_id.raw_body")>`, one
 * `v1=` per active secret (two while a rotation's grace period runs), space separated.
 */
import { constantTimeEqual, toHex } from "../lib/encoding";

/** Header names, as sent. Receivers should read them case-insensitively. */
export const SIGNATURE_HEADERS = {
  eventId: "X-Fluxo-Event-Id",
  tenantId: "X-Fluxo-Tenant-Id",
  timestamp: "X-Fluxo-Timestamp",
  signature: "X-Fluxo-Signature",
  correlationId: "X-Correlation-ID",
} as const;

/** How far a timestamp may be from now, either way, before a signed message counts as a replay. */
export const REPLAY_WINDOW_S = 300;

/** What a signature covers. `timestamp` is in Unix seconds (as sent, when verifying). */
export interface SignedFields {
  timestamp: number | string;
  eventId: string;
  tenantId: string;
  rawBody: string;
}

const encoder = new TextEncoder();

/** The exact string that is signed. */
export function signedContent(fields: SignedFields): string {
  return `${fields.timestamp}.${fields.eventId}.${fields.tenantId}.${fields.rawBody}`;
}

async function hmac(secret: string, content: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(content)));
}

/**
 * The `X-Fluxo-Signature` value: one `v1=<hex>` per secret, in the order given (newest first).
 * @example await signatureHeader([secret], { timestamp: 1700000000, eventId, tenantId, rawBody })
 */
export async function signatureHeader(secrets: readonly string[], fields: SignedFields): Promise<string> {
  if (secrets.length === 0) throw new Error("signatureHeader needs at least one secret");
  const content = signedContent(fields);
  const signatures = await Promise.all(secrets.map(async (secret) => `v1=${toHex(await hmac(secret, content))}`));
  return signatures.join(" ");
}

function fromHex(hex: string): Uint8Array | null {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The `v1` signatures in a header (space- or comma-separated); other versions are ignored. */
export function parseSignatureHeader(header: string): Uint8Array[] {
  return header
    .split(/[\s,]+/)
    .filter((part) => part.startsWith("v1="))
    .map((part) => fromHex(part.slice(3)))
    .filter((bytes): bytes is Uint8Array => bytes !== null);
}

/** Why a signed message was refused. */
export type SignatureFailure = "missing_signature" | "invalid_timestamp" | "timestamp_out_of_window" | "mismatch";

export type VerifyResult = { ok: true } | { ok: false; reason: SignatureFailure; message: string };

export interface VerifyInput {
  /** Secrets currently valid for the sender (current and, during a rotation, previous). */
  secrets: readonly string[];
  signatureHeader: string | undefined;
  timestampHeader: string | undefined;
  eventId: string;
  tenantId: string;
  rawBody: string;
  nowMs: number;
  toleranceS?: number;
}

/** A human explanation for each failure; none of them says which secret was tried. */
export function describeSignatureFailure(reason: SignatureFailure, toleranceS = REPLAY_WINDOW_S): string {
  switch (reason) {
    case "missing_signature":
      return `Send ${SIGNATURE_HEADERS.signature} with a v1=<hex> signature`;
    case "invalid_timestamp":
      return `Send ${SIGNATURE_HEADERS.timestamp} as Unix seconds`;
    case "timestamp_out_of_window":
      return `The timestamp is more than ${toleranceS} s from the server's clock; sign again with the current time`;
    case "mismatch":
      return "The signature does not match; sign timestamp.event_id.tenant_id.raw_body with the destination's secret";
    default: {
      const _never: never = reason;
      return _never;
    }
  }
}

function fail(reason: SignatureFailure, toleranceS: number): VerifyResult {
  return { ok: false, reason, message: describeSignatureFailure(reason, toleranceS) };
}

/**
 * Checks a signed message: the timestamp is within the window, and one of its `v1` signatures
 * matches one of the secrets. Compares in constant time.
 */
export async function verifySignature(input: VerifyInput): Promise<VerifyResult> {
  const tolerance = input.toleranceS ?? REPLAY_WINDOW_S;
  const signatures = parseSignatureHeader(input.signatureHeader ?? "");
  if (signatures.length === 0) return fail("missing_signature", tolerance);
  const timestampText = input.timestampHeader?.trim() ?? "";
  if (!/^\d{1,12}$/.test(timestampText)) return fail("invalid_timestamp", tolerance);
  const timestamp = Number(timestampText);
  if (Math.abs(input.nowMs / 1000 - timestamp) > tolerance) return fail("timestamp_out_of_window", tolerance);
  // Sign over the header text as sent, so "017…" and "17…" can't be confused.
  const content = signedContent({
    timestamp: timestampText,
    eventId: input.eventId,
    tenantId: input.tenantId,
    rawBody: input.rawBody,
  });
  for (const secret of input.secrets) {
    const expected = await hmac(secret, content);
    if (signatures.some((candidate) => constantTimeEqual(candidate, expected))) return { ok: true };
  }
  return fail("mismatch", tolerance);
}
