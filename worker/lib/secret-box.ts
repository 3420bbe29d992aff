/**
 * Secrets at rest: AES-256-GCM with a key from a Worker secret (`ENCRYPTION_KEY`), and masking for
 * display. Sealed values are `v1:<keyid>:<iv b64>:<ciphertext b64>`; the key id lets keys rotate later
 * (a keyring holds old keys for opening, the current one for sealing). Plaintext never leaves
 * `openSecret`'s return value: errors and logs name the key id and the reason only.
 */
import { fromBase64, toBase64 } from "./encoding";

/** The key id of `ENCRYPTION_KEY` until key rotation adds more. */
export const DEFAULT_KEY_ID = "k1";

const FORMAT = "v1";
const IV_BYTES = 12;
const KEY_ID = /^[a-z0-9]{1,16}$/;

/** Why a secret can't be sealed or opened. `code` is stable; `message` never contains secret text. */
export type SecretBoxErrorCode = "invalid_key" | "unknown_key" | "malformed" | "decrypt_failed";

/** Sealing or opening failed (bad key material, tampered or foreign ciphertext). */
export class SecretBoxError extends Error {
  readonly code: SecretBoxErrorCode;
  constructor(code: SecretBoxErrorCode, message: string) {
    super(message);
    this.name = "SecretBoxError";
    this.code = code;
  }
}

/** Keys by id, and the one new secrets are sealed with. */
export interface SecretKeyring {
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, CryptoKey>;
}

/** Options for {@link sealSecret}; `randomBytes` is a test seam. */
export interface SealOptions {
  /** Additional authenticated data: binds the ciphertext to its owner (e.g. a row id), so it can't be moved. */
  aad?: string;
  randomBytes?: (n: number) => Uint8Array;
}

async function importAesKey(keyId: string, base64: string): Promise<CryptoKey> {
  let raw: Uint8Array;
  try {
    raw = fromBase64(base64.trim());
  } catch {
    throw new SecretBoxError("invalid_key", `Encryption key ${keyId} is not valid base64`);
  }
  if (raw.length !== 32) {
    throw new SecretBoxError("invalid_key", `Encryption key ${keyId} must be 32 bytes (got ${raw.length})`);
  }
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/**
 * Imports base64 keys (32 bytes each) into a keyring.
 * @example const ring = await importKeyring({ k1: env.ENCRYPTION_KEY }, "k1");
 */
export async function importKeyring(keys: Record<string, string>, currentKeyId: string): Promise<SecretKeyring> {
  const imported = new Map<string, CryptoKey>();
  for (const [id, base64] of Object.entries(keys)) {
    if (!KEY_ID.test(id)) throw new SecretBoxError("invalid_key", `Key id "${id}" must be 1–16 of [a-z0-9]`);
    imported.set(id, await importAesKey(id, base64));
  }
  if (!imported.has(currentKeyId)) throw new SecretBoxError("unknown_key", `No key with id ${currentKeyId}`);
  return { currentKeyId, keys: imported };
}

/** The keyring of this deployment: `ENCRYPTION_KEY` as `k1`. Throws `invalid_key` when it is missing or wrong. */
export function keyringFromEnv(env: { ENCRYPTION_KEY?: string }): Promise<SecretKeyring> {
  if (!env.ENCRYPTION_KEY) {
    return Promise.reject(new SecretBoxError("invalid_key", "ENCRYPTION_KEY is not set (see README, Configuration)"));
  }
  return importKeyring({ [DEFAULT_KEY_ID]: env.ENCRYPTION_KEY }, DEFAULT_KEY_ID);
}

const encoder = new TextEncoder();

function aadParams(iv: Uint8Array, aad: string | undefined) {
  return aad === undefined ? { name: "AES-GCM", iv } : { name: "AES-GCM", iv, additionalData: encoder.encode(aad) };
}

/**
 * Encrypts `plaintext` with the keyring's current key and a fresh random 12-byte IV.
 * @example const sealed = await sealSecret(ring, "whsec_…", { aad: destinationId }); // "v1:k1:…:…"
 */
export async function sealSecret(
  keyring: SecretKeyring,
  plaintext: string,
  options: SealOptions = {},
): Promise<string> {
  const key = keyring.keys.get(keyring.currentKeyId);
  if (!key) throw new SecretBoxError("unknown_key", `No key with id ${keyring.currentKeyId}`);
  const iv = options.randomBytes?.(IV_BYTES) ?? crypto.getRandomValues(new Uint8Array(IV_BYTES));
  if (iv.length !== IV_BYTES) throw new SecretBoxError("malformed", `The IV must be ${IV_BYTES} bytes`);
  const ciphertext = await crypto.subtle.encrypt(aadParams(iv, options.aad), key, encoder.encode(plaintext));
  return [FORMAT, keyring.currentKeyId, toBase64(iv), toBase64(new Uint8Array(ciphertext))].join(":");
}

/** The key id a sealed value was made with (for re-encryption after a key rotation), or null if malformed. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(":");
  return parts.length === 4 && parts[0] === FORMAT && KEY_ID.test(parts[1] ?? "") ? (parts[1] ?? null) : null;
}

/**
 * Decrypts a value made by {@link sealSecret}. The same `aad` must be given.
 * Throws `SecretBoxError` (`malformed`, `unknown_key`, `decrypt_failed`) for anything else.
 */
export async function openSecret(
  keyring: SecretKeyring,
  sealed: string,
  options: { aad?: string } = {},
): Promise<string> {
  const [format, keyId, ivText, ctText, ...rest] = sealed.split(":");
  if (format !== FORMAT || !keyId || !ivText || !ctText || rest.length > 0) {
    throw new SecretBoxError("malformed", "The sealed secret is not in the v1:<keyid>:<iv>:<ciphertext> format");
  }
  const key = keyring.keys.get(keyId);
  if (!key) throw new SecretBoxError("unknown_key", `The secret was sealed with key ${keyId}, which is not loaded`);
  let iv: Uint8Array;
  let ciphertext: Uint8Array;
  try {
    iv = fromBase64(ivText);
    ciphertext = fromBase64(ctText);
  } catch {
    throw new SecretBoxError("malformed", "The sealed secret's IV or ciphertext is not base64");
  }
  if (iv.length !== IV_BYTES) throw new SecretBoxError("malformed", `The IV must be ${IV_BYTES} bytes`);
  try {
    const plain = await crypto.subtle.decrypt(aadParams(iv, options.aad), key, ciphertext);
    return new TextDecoder().decode(plain);
  } catch {
    // GCM authentication failed: wrong key, wrong AAD, or the value was altered.
    throw new SecretBoxError("decrypt_failed", `The secret could not be decrypted with key ${keyId}`);
  }
}

/** Secrets shorter than this show no tail at all, so a mask never reveals a meaningful share. */
const MIN_LENGTH_FOR_TAIL = 16;

/**
 * A display form that identifies a secret without revealing it: its type prefix (up to the first
 * `_`, when short) and its last 4 characters.
 * @example maskSecret("whsec_3xAmpl3SecretValuea1b2") // "whsec_…a1b2"
 * @example maskSecret("short") // "…"
 */
export function maskSecret(secret: string): string {
  const prefix = /^[A-Za-z0-9]{1,10}_/.exec(secret)?.[0] ?? "";
  const rest = secret.slice(prefix.length);
  const tail = secret.length >= MIN_LENGTH_FOR_TAIL && rest.length >= 12 ? rest.slice(-4) : "";
  return `${prefix}…${tail}`;
}
