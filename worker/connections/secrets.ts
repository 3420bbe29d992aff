/** Sealing and opening a connection's secret JSON with the deployment keyring, bound to the row id. */
import { keyringFromEnv, openSecret, sealedKeyId, sealSecret } from "../lib/secret-box";
import type { ConnectionSecret } from "./credentials";

/**
 * Seals `secret` for the connection `id` (the id is the AAD, so a ciphertext can't be moved to another row).
 * @returns the ciphertext and the key id it was sealed with.
 */
export async function sealConnectionSecret(
  env: { ENCRYPTION_KEY?: string },
  id: string,
  secret: ConnectionSecret,
): Promise<{ ciphertext: string; keyId: string }> {
  const ring = await keyringFromEnv(env);
  const ciphertext = await sealSecret(ring, JSON.stringify(secret), { aad: id });
  return { ciphertext, keyId: sealedKeyId(ciphertext) ?? ring.currentKeyId };
}

/** Opens a sealed connection secret. Throws `SecretBoxError` (never with secret text) when it can't. */
export async function openConnectionSecret(
  env: { ENCRYPTION_KEY?: string },
  id: string,
  ciphertext: string,
): Promise<ConnectionSecret> {
  const ring = await keyringFromEnv(env);
  return JSON.parse(await openSecret(ring, ciphertext, { aad: id })) as ConnectionSecret;
}
