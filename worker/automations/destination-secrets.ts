/**
 * Destination signing secrets: generation (`whsec_…`), sealing with the destination id as AAD
 * (a ciphertext copied to another row won't open), and the secrets valid right now (current, plus
 * the previous one during a rotation's grace period).
 */
import { randomToken } from "../lib/encoding";
import { keyringFromEnv, maskSecret, openSecret, type SecretKeyring, sealSecret } from "../lib/secret-box";

/** A new random signing secret: `whsec_` + 32 random bytes in base64url. */
export function generateSigningSecret(): string {
  return `whsec_${randomToken(32)}`;
}

/** The stored form of a secret: ciphertext and mask. */
export interface SealedSecret {
  ciphertext: string;
  mask: string;
}

export async function sealDestinationSecret(
  keyring: SecretKeyring,
  destinationId: string,
  secret: string,
): Promise<SealedSecret> {
  return { ciphertext: await sealSecret(keyring, secret, { aad: destinationId }), mask: maskSecret(secret) };
}

/** The secret columns of a destination row. */
export interface SecretColumns {
  id: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousExpiresAt: number | null;
}

/** Current secret first, then the previous one while its grace period lasts. */
export async function activeSecrets(keyring: SecretKeyring, row: SecretColumns, nowMs: number): Promise<string[]> {
  const secrets = [await openSecret(keyring, row.secretCiphertext, { aad: row.id })];
  if (row.previousSecretCiphertext && row.previousExpiresAt !== null && row.previousExpiresAt > nowMs) {
    secrets.push(await openSecret(keyring, row.previousSecretCiphertext, { aad: row.id }));
  }
  return secrets;
}

let cached: { key: string; ring: Promise<SecretKeyring> } | undefined;

/** The deployment's keyring, imported once per isolate (per key value). */
export function keyring(env: { ENCRYPTION_KEY?: string }): Promise<SecretKeyring> {
  const key = env.ENCRYPTION_KEY ?? "";
  if (cached?.key !== key) {
    const ring = keyringFromEnv(env);
    // A failed import must not stick: the next call tries again (e.g. after the secret is fixed).
    ring.catch(() => {
      if (cached?.ring === ring) cached = undefined;
    });
    cached = { key, ring };
  }
  return cached.ring;
}
