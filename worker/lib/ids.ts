/** Prefixed random ids (`org_…`, `usr_…`): readable in logs, unguessable, URL-safe. */

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/** `length` random base32 characters (5 bits each; 20 chars = 100 bits). */
export function randomBase32(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

/**
 * A new id with a type prefix.
 * @example newId("wf") // "wf_8k2m…"
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase32(20)}`;
}
