/** Small conversions between the API's ISO timestamps and what people read and type. */

/**
 * A timestamp in the viewer's locale and time zone, or `fallback` when there is none.
 * @example formatDateTime(null, "never") // "never"
 */
export function formatDateTime(iso: string | null | undefined, fallback = "—"): string {
  if (!iso) return fallback;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/**
 * A `datetime-local` input's value ("2026-01-15T10:30", the viewer's local time) as an ISO
 * timestamp in UTC for the API; undefined when empty or not a date.
 * @example localInputToIso("") // undefined
 */
export function localInputToIso(value: string): string | undefined {
  if (!value.trim()) return undefined;
  // Without an offset, the date-time form is local time (ECMAScript Date.parse): what the person meant.
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
