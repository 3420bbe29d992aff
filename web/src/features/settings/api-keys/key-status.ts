/** An API key's status as the list shows it: revoked and expired keys no longer work. */

/** What the list shows per key. */
export type KeyStatus = "active" | "expired" | "revoked";

/**
 * Revoked wins over expired (it was a decision); a key expires at `expires_at` exactly, like the server.
 * @example keyStatus({ revoked_at: null, expires_at: "2020-01-01T00:00:00Z" }, Date.now()) // "expired"
 */
export function keyStatus(key: { revoked_at: string | null; expires_at: string | null }, now: number): KeyStatus {
  if (key.revoked_at) return "revoked";
  if (key.expires_at && Date.parse(key.expires_at) <= now) return "expired";
  return "active";
}

/** The badge tone per status. */
export function keyStatusTone(status: KeyStatus): "ok" | "warn" | "neutral" {
  switch (status) {
    case "active":
      return "ok";
    case "expired":
      return "warn";
    case "revoked":
      return "neutral";
    default: {
      const _never: never = status;
      return _never;
    }
  }
}
