/**
 * Per-server and per-tool call limits: a fixed one-minute window per key in the shared `rate_limits`
 * table, counted with one atomic upsert so concurrent calls can't slip past the limit.
 */

/** The window of tool call limits. */
export const TOOL_WINDOW_MS = 60_000;

export type SlotResult = { ok: true; count: number } | { ok: false; retry_after_s: number };

/** The rate-limit key for an org's calls to one server. */
export function toolLimitKey(orgId: string, serverLabel: string): string {
  return `tool:${orgId}:${serverLabel}`;
}

/**
 * The rate-limit key for an org's calls under a per-tool limit: `tool:<org>:<server>/<tool>` for a
 * tool's own limit, `tool:<org>:<server>/*` or `tool:<org>:*` for a wildcard's shared budget. Server
 * labels have no `/` and aren't `*`, so these never collide with `toolLimitKey`.
 */
export function toolPatternLimitKey(orgId: string, bucket: string): string {
  return `tool:${orgId}:${bucket}`;
}

/**
 * Counts one call against `key` and says whether it is within `limit` calls per window.
 * @example const slot = await takeToolSlot(env.DB, toolLimitKey(org, "gh"), 100, Date.now());
 */
export async function takeToolSlot(d1: D1Database, key: string, limit: number, now: number): Promise<SlotResult> {
  const expired = now - TOOL_WINDOW_MS;
  const row = await d1
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT(key) DO UPDATE SET
         count = CASE WHEN window_start <= ?3 THEN 1 ELSE count + 1 END,
         window_start = CASE WHEN window_start <= ?3 THEN ?2 ELSE window_start END
       RETURNING window_start, count`,
    )
    .bind(key, now, expired)
    .first<{ window_start: number; count: number }>();
  if (!row || row.count <= limit) return { ok: true, count: row?.count ?? 1 };
  return { ok: false, retry_after_s: Math.max(1, Math.ceil((row.window_start + TOOL_WINDOW_MS - now) / 1000)) };
}
