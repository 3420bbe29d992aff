/** Validation of the IANA time zone a schedule's wall-clock times are read in. */

/** Why a time zone was refused; shaped like the other schedule errors. */
export interface TimeZoneError {
  readonly code: "invalid_timezone";
  readonly message: string;
}

export type TimeZoneResult = { ok: true; timezone: string } | { ok: false; error: TimeZoneError };

/** Longest time zone name accepted; the longest IANA name is about 30 characters. */
export const TIMEZONE_MAX_LENGTH = 64;

const EXAMPLES = 'an IANA name such as "Europe/Berlin", "America/Sao_Paulo" or "UTC"';

// A fixed offset never moves for DST, so "-03:00" would silently drift from the local time people
// mean. Recent ICU versions accept offsets in Intl.DateTimeFormat, so they are refused explicitly.
const UTC_OFFSET = /^[+-]\d/;

/**
 * Checks that `input` names an IANA time zone the runtime knows (Workers ship full ICU data).
 * Returns the name to store: the runtime's spelling when it differs only in case
 * ("europe/berlin" → "Europe/Berlin"), otherwise the name as given, so a valid link name such as
 * "Asia/Calcutta" or "US/Pacific" is kept as the user wrote it.
 * @example parseTimeZone("Europe/Berlin") // { ok: true, timezone: "Europe/Berlin" }
 * @example parseTimeZone("Mars/Olympus") // { ok: false, error: { code: "invalid_timezone", ... } }
 */
export function parseTimeZone(input: string): TimeZoneResult {
  const name = input.trim();
  if (name === "") return invalid(`A time zone is required: use ${EXAMPLES}`);
  if (name.length > TIMEZONE_MAX_LENGTH) return invalid(`Time zone is too long: use ${EXAMPLES}`);
  if (UTC_OFFSET.test(name)) {
    return invalid(`"${name}" is a UTC offset, not a time zone (offsets don't follow DST): use ${EXAMPLES}`);
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    // Intl throws a RangeError for a name it doesn't know; nothing else can go wrong here.
    return invalid(`Unknown time zone "${name}": use ${EXAMPLES}`);
  }
  return { ok: true, timezone: resolved.toLowerCase() === name.toLowerCase() ? resolved : name };
}

function invalid(message: string): TimeZoneResult {
  return { ok: false, error: { code: "invalid_timezone", message } };
}
