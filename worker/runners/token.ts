/**
 * Runner tokens: `fxr_<prefix>_<secret>`. The prefix is a public lookup handle; only the SHA-256 of the
 * whole token is stored (like API keys), so a database leak doesn't leak usable tokens.
 */
import { constantTimeEqual, randomToken, sha256Hex } from "../lib/encoding";
import { randomBase32 } from "../lib/ids";

const TOKEN_PATTERN = /^fxr_([0-9a-z]{12})_([A-Za-z0-9_-]{43})$/;

/** A freshly generated token: `secret` is shown once, `prefix` and `hash` are stored. */
export interface NewRunnerToken {
  prefix: string;
  secret: string;
  hash: string;
}

/** Generates a new runner token. */
export async function generateRunnerToken(): Promise<NewRunnerToken> {
  const prefix = randomBase32(12);
  const secret = `fxr_${prefix}_${randomToken(32)}`;
  return { prefix, secret, hash: await sha256Hex(secret) };
}

/** The lookup prefix of a well-formed runner token, or null. */
export function runnerTokenPrefix(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/** Whether `token` hashes to `storedHash` (compared in constant time). */
export async function runnerTokenMatches(token: string, storedHash: string): Promise<boolean> {
  const enc = new TextEncoder();
  return constantTimeEqual(enc.encode(await sha256Hex(token)), enc.encode(storedHash));
}
