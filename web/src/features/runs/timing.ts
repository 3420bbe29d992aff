/** Durations of runs, steps and retry waits, computed from the API's ISO timestamps and shown in words. */

/**
 * A duration the way people read it: "850 ms", "4.2 s", "3 min 5 s", "2 h 10 min", "1 d 3 h".
 * Negative or non-finite values read as "—" (clock skew between the server and the browser).
 * @example formatDuration(185_000) // "3 min 5 s"
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    // One decimal below 10 s (retry delays of 1.5 s matter), whole seconds above.
    const seconds = ms / 1_000;
    return seconds < 10 ? `${trimZero(seconds.toFixed(1))} s` : `${Math.floor(seconds)} s`;
  }
  const totalSeconds = Math.floor(ms / 1_000);
  if (totalSeconds < 3_600) return pair(Math.floor(totalSeconds / 60), "min", totalSeconds % 60, "s");
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 1_440) return pair(Math.floor(totalMinutes / 60), "h", totalMinutes % 60, "min");
  const totalHours = Math.floor(totalMinutes / 60);
  return pair(Math.floor(totalHours / 24), "d", totalHours % 24, "h");
}

function trimZero(value: string): string {
  return value.endsWith(".0") ? value.slice(0, -2) : value;
}

function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}

function parse(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Milliseconds between two timestamps; a missing end means "still going" and counts up to `now`. Null when it
 * never started.
 * @example elapsedMs("2026-01-15T10:00:00Z", null, Date.parse("2026-01-15T10:00:05Z")) // 5000
 */
export function elapsedMs(
  startedAt: string | null | undefined,
  endedAt: string | null | undefined,
  now: number,
): number | null {
  const start = parse(startedAt);
  if (start === null) return null;
  const end = parse(endedAt) ?? now;
  return Math.max(0, end - start);
}

/** A run's duration for tables and headers: from start to completion, or to `now` while it is still live. */
export function runDurationText(run: { started_at: string | null; completed_at: string | null }, now: number): string {
  return formatDuration(elapsedMs(run.started_at, run.completed_at, now));
}
