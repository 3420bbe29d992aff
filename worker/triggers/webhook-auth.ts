/**
 * How a webhook caller proves it holds a trigger's secret: the secret itself in `X-Fluxo-Secret`, or
 * `X-Fluxo-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` with `X-Fluxo-Timestamp`
 * (Unix seconds, within 300 s of the server's clock). No I/O: the caller opens the secret.
 */
import { parseSignatureHeader } from "../automations/signing";
import { WEBHOOK_HEADERS, WEBHOOK_REPLAY_WINDOW_S } from "../contracts/triggers";
import { constantTimeEqual, toHex } from "../lib/encoding";

/** What the request carried; parse with {@link webhookCredentials}. */
export type WebhookCredentials =
  | { kind: "secret"; secret: string }
  | { kind: "signature"; signature: string; timestamp: string }
  | { kind: "none" };

/**
 * Why a call was refused. `stale` is the only one with its own message: it depends on the headers
 * alone, so it says nothing about whether the trigger exists.
 */
export type WebhookAuthFailure = "missing" | "malformed_timestamp" | "stale" | "mismatch";

export type WebhookAuthResult = { ok: true; via: "secret" | "signature" } | { ok: false; reason: WebhookAuthFailure };

const encoder = new TextEncoder();

/**
 * Reads the credentials from the request headers. A signature wins over a secret header when both
 * are sent, so a caller that signs is never downgraded to the weaker check.
 */
export function webhookCredentials(headers: {
  secret?: string;
  signature?: string;
  timestamp?: string;
}): WebhookCredentials {
  if (headers.signature !== undefined && headers.signature.trim() !== "") {
    return { kind: "signature", signature: headers.signature, timestamp: headers.timestamp?.trim() ?? "" };
  }
  if (headers.secret !== undefined && headers.secret !== "") return { kind: "secret", secret: headers.secret };
  return { kind: "none" };
}

async function hmac(secret: string, content: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(content)));
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/**
 * The `X-Fluxo-Signature` value for a body, as a caller computes it.
 * @example await signWebhook(secret, Math.floor(Date.now() / 1000), JSON.stringify(body)) // "v1=5f…"
 */
export async function signWebhook(secret: string, timestamp: number | string, rawBody: string): Promise<string> {
  return `v1=${toHex(await hmac(secret, `${timestamp}.${rawBody}`))}`;
}

/**
 * Checks a call's credentials against the trigger's secret, in time that doesn't depend on where
 * they differ. For a trigger that doesn't exist, pass a decoy secret: the work is the same and the
 * answer is `mismatch`.
 */
export async function verifyWebhookCredentials(input: {
  secret: string;
  credentials: WebhookCredentials;
  rawBody: string;
  nowMs: number;
  toleranceS?: number;
}): Promise<WebhookAuthResult> {
  const { credentials } = input;
  switch (credentials.kind) {
    case "none":
      return { ok: false, reason: "missing" };
    case "secret": {
      // Hash both sides so the compare runs on equal lengths whatever the caller sent.
      const [given, expected] = await Promise.all([sha256(credentials.secret), sha256(input.secret)]);
      return constantTimeEqual(given, expected) ? { ok: true, via: "secret" } : { ok: false, reason: "mismatch" };
    }
    case "signature": {
      const tolerance = input.toleranceS ?? WEBHOOK_REPLAY_WINDOW_S;
      if (!/^\d{1,12}$/.test(credentials.timestamp)) return { ok: false, reason: "malformed_timestamp" };
      const expected = await hmac(input.secret, `${credentials.timestamp}.${input.rawBody}`);
      if (Math.abs(input.nowMs / 1000 - Number(credentials.timestamp)) > tolerance) {
        return { ok: false, reason: "stale" };
      }
      const candidates = parseSignatureHeader(credentials.signature);
      return candidates.some((candidate) => constantTimeEqual(candidate, expected))
        ? { ok: true, via: "signature" }
        : { ok: false, reason: "mismatch" };
    }
    default: {
      const _never: never = credentials;
      return _never;
    }
  }
}

/** The one message for a refusal that must not reveal whether the trigger exists. */
export const INVALID_CREDENTIALS = "Invalid webhook credentials";

/** A human message for each refusal; only `missing`, `malformed_timestamp` and `stale` are specific. */
export function describeWebhookAuthFailure(reason: WebhookAuthFailure, toleranceS = WEBHOOK_REPLAY_WINDOW_S): string {
  switch (reason) {
    case "missing":
      return (
        `Send the trigger's secret in ${WEBHOOK_HEADERS.secret}, or sign the body: ${WEBHOOK_HEADERS.timestamp} ` +
        `(Unix seconds) and ${WEBHOOK_HEADERS.signature} (v1=<hex HMAC-SHA256 of "<timestamp>.<body>">)`
      );
    case "malformed_timestamp":
      return `${WEBHOOK_HEADERS.timestamp} must be Unix seconds`;
    case "stale":
      return `The webhook timestamp is too old (or too far ahead): it must be within ${toleranceS} s of the server's clock; sign again with the current time`;
    case "mismatch":
      return INVALID_CREDENTIALS;
    default: {
      const _never: never = reason;
      return _never;
    }
  }
}
