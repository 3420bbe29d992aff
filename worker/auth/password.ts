/**
 * Password hashing with PBKDF2-SHA256 in WebCrypto, a per-user salt, and rules that refuse the
 * trivially weak. Stored as `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` (scripts/lib/seed.ts
 * writes the same format).
 */
import { constantTimeEqual, fromBase64, toBase64 } from "../lib/encoding";

/** The Workers runtime refuses PBKDF2 above 100,000 iterations. */
export const PBKDF2_ITERATIONS = 100_000;
const HASH_BYTES = 32;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** A well-formed hash of a random password, verified when the user doesn't exist (same timing). */
export const DUMMY_HASH = "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterText, saltText, hashText] = stored.split("$");
  const iterations = Number(iterText);
  if (
    scheme !== "pbkdf2-sha256" ||
    !saltText ||
    !hashText ||
    !Number.isInteger(iterations) ||
    iterations > PBKDF2_ITERATIONS
  ) {
    return false;
  }
  const expected = fromBase64(hashText);
  const actual = await derive(password, fromBase64(saltText), iterations);
  return constantTimeEqual(actual, expected);
}

const COMMON = new Set([
  "password",
  "password1",
  "password123",
  "passw0rd",
  "qwerty",
  "qwertyuiop",
  "letmein",
  "welcome",
  "welcome1",
  "iloveyou",
  "admin",
  "administrator",
  "changeme",
  "monkey",
  "dragon",
  "football",
  "baseball",
  "sunshine",
  "princess",
  "trustno1",
  "superman",
  "starwars",
  "fluxo",
  "fluxo123",
]);

const SEQUENCES = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm"];

/**
 * Why a password is too weak, or null when acceptable: at least 10 characters, not a common
 * password (with digits/punctuation stripped), not one repeated character, not a keyboard or
 * alphabet run, and not built from the account's email or name.
 */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < 10) return "Use at least 10 characters.";
  if (password.length > 128) return "Use at most 128 characters.";
  const lower = password.toLowerCase();
  const core = lower.replace(/[^a-z]/g, "");
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core))) return "This password is too common.";
  if (new Set(lower).size <= 2) return "Use more than two different characters.";
  // A run like "1234567890" or "zyxwvutsrq", wrapping around ("…890123").
  if (
    SEQUENCES.some((seq) => `${seq}${seq}`.includes(lower) || [...`${seq}${seq}`].reverse().join("").includes(lower))
  ) {
    return "Don't use a run of consecutive characters.";
  }
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 3 && lower.includes(local)) return "Don't use your email address in your password.";
  const name = context.name?.toLowerCase().replace(/\s+/g, "");
  if (name && name.length >= 3 && lower.replace(/\s+/g, "").includes(name))
    return "Don't use your name in your password.";
  return null;
}
