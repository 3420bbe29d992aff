/**
 * API keys: `fx_<prefix>_<secret>`. The prefix is a public lookup handle; only the SHA-256 of the
 * whole key is stored, so a database leak doesn't leak usable keys.
 */
import { constantTimeEqual, randomToken, sha256Hex } from "../lib/encoding";
import { randomBase32 } from "../lib/ids";

const KEY_PATTERN = /^fx_([0-9a-z]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  prefix: string;
  secret: string;
  hash: string;
}

export async function generateApiKey(): Promise<NewApiKey> {
  const prefix = randomBase32(12);
  const secret = `fx_${prefix}_${randomToken(32)}`;
  return { prefix, secret, hash: await sha256Hex(secret) };
}

/** The lookup prefix of a well-formed key, or null. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith("fx_");
}

export async function apiKeyMatches(key: string, storedHash: string): Promise<boolean> {
  const enc = new TextEncoder();
  return constantTimeEqual(enc.encode(await sha256Hex(key)), enc.encode(storedHash));
}
