/** Time zones for the schedule form: the picker's list, the default zone, and times shown in a zone. */

/** The zone used when the browser can't say its own. */
export const FALLBACK_TIME_ZONE = "UTC";

/**
 * The picker's options: every zone the runtime knows, plus UTC and `selected` (a zone saved earlier
 * may be missing from this browser's list; dropping it would silently change the schedule), sorted.
 * @example timeZoneOptions(["Europe/Berlin"], "Asia/Tokyo") // ["Asia/Tokyo", "Europe/Berlin", "UTC"]
 */
export function timeZoneOptions(supported: readonly string[], selected: string): string[] {
  const zones = new Set(supported);
  zones.add(FALLBACK_TIME_ZONE);
  if (selected.trim() !== "") zones.add(selected);
  return [...zones].sort((a, b) => a.localeCompare(b));
}

/** Every IANA zone this browser supports (empty where `Intl.supportedValuesOf` is missing). */
export function supportedTimeZones(): string[] {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
}

/** The browser's own zone, the form's default for a new schedule. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || FALLBACK_TIME_ZONE;
}

/**
 * An instant as wall-clock time in `timeZone`, "Mon 2026-11-23 09:00", independent of the viewer's
 * locale so the same time reads the same for everyone (and in tests).
 * @throws RangeError for a zone the runtime doesn't know.
 * @example formatInZone("2026-11-23T08:00:00.000Z", "Europe/Berlin") // "Mon 2026-11-23 09:00"
 */
export function formatInZone(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}

/**
 * `iso` as wall-clock time in `timezone` (see {@link formatInZone}), `fallback` when there is no time. A zone this
 * browser doesn't know must not break the page, so the instant is then shown as the API sent it.
 */
export function inZone(iso: string | null, timezone: string, fallback = "—"): string {
  if (iso === null) return fallback;
  try {
    return formatInZone(iso, timezone);
  } catch {
    return iso;
  }
}
