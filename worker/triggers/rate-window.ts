/**
 * Fixed-window call counters for triggers, in the shared `rate_limits` table (key prefixes `hook:`
 * for calls, `hookauth:` for audited auth failures). One atomic upsert per hit returns the count, so
 * concurrent calls can't slip past the limit.
 */

export interface WindowHit {
  /** True while the count in this window is within the limit. */
  allowed: boolean;
  count: number;
  /** Seconds until the window resets (at least 1). */
  retryAfterS: number;
}

/**
 * Counts one hit against `key` and says whether it is within `limit` per `windowMs`. A window starts
 * at the first hit after the previous one ended. Hits over the limit are counted too (they don't
 * extend the window).
 */
export async function hitWindow(
  db: D1Database,
  key: string,
  limit: number,
  windowMs: number,
  now: number,
): Promise<WindowHit> {
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT(key) DO UPDATE SET
         count = CASE WHEN window_start <= ?3 THEN 1 ELSE count + 1 END,
         window_start = CASE WHEN window_start <= ?3 THEN ?2 ELSE window_start END
       RETURNING window_start, count`,
    )
    .bind(key, now, now - windowMs)
    .first<{ window_start: number; count: number }>();
  const count = row?.count ?? 1;
  const windowStart = row?.window_start ?? now;
  return {
    allowed: count <= limit,
    count,
    retryAfterS: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
  };
}
