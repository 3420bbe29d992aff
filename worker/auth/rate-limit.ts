/**
 * Fixed-window counters in D1 for login protection: failures per email and per IP. One atomic
 * upsert per failure, so concurrent attempts can't slip past the limit.
 */
import { AppError } from "../errors";

export interface Window {
  limit: number;
  windowMs: number;
}

export const LOGIN_LIMITS = {
  email: { limit: 5, windowMs: 15 * 60 * 1000 },
  ip: { limit: 20, windowMs: 15 * 60 * 1000 },
} as const satisfies Record<string, Window>;

/** Throws 429 with `Retry-After` when `key` has used up its window. */
export async function assertUnderLimit(db: D1Database, key: string, window: Window, now = Date.now()): Promise<void> {
  const row = await db
    .prepare("SELECT window_start, count FROM rate_limits WHERE key = ?")
    .bind(key)
    .first<{ window_start: number; count: number }>();
  if (!row || row.window_start + window.windowMs <= now || row.count < window.limit) return;
  const retryAfter = Math.max(1, Math.ceil((row.window_start + window.windowMs - now) / 1000));
  throw new AppError("rate_limited", "Too many failed sign-in attempts. Try again later.", {
    details: { retry_after_seconds: retryAfter },
    headers: { "Retry-After": String(retryAfter) },
  });
}

/** Counts one failure against `key` (a new window starts when the old one has passed). */
export async function countFailure(db: D1Database, key: string, window: Window, now = Date.now()): Promise<void> {
  const expired = now - window.windowMs;
  await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT(key) DO UPDATE SET
         count = CASE WHEN window_start <= ?3 THEN 1 ELSE count + 1 END,
         window_start = CASE WHEN window_start <= ?3 THEN ?2 ELSE window_start END`,
    )
    .bind(key, now, expired)
    .run();
}

export async function resetCounter(db: D1Database, key: string): Promise<void> {
  await db.prepare("DELETE FROM rate_limits WHERE key = ?").bind(key).run();
}
