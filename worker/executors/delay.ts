// `delay` executor: a durable timer for a duration or until a point in time (the engine succeeds the step when it fires).
import { quoteStep } from "../engine/run/errors";
import { asText, renderField, stepLabel } from "./rendering";
import { failed, succeeded, waiting } from "./results";
import type { Executor } from "./types";

/** ISO 8601 date or date-time; the zone is optional (none means UTC). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch for an `until` value: an ISO 8601 string (no zone means UTC, so the result never
 * depends on the machine's zone) or a number of epoch milliseconds (`$toMillis(...)`). `null` when unusable.
 * @example parseUntil("2026-01-15T10:30:00Z") // 1768473000000
 */
export function parseUntil(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.floor(value) : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return null;
  // Normalise to the one format `Date.parse` must accept: "T", milliseconds, "+hh:mm", and "Z" when no zone.
  let iso = text
    .toUpperCase()
    .replace(" ", "T")
    .replace(/\.(\d+)/, (_, fraction: string) => `.${`${fraction}00`.slice(0, 3)}`);
  const zone = match[1];
  if (zone && /^[+-]\d{4}$/.test(zone)) iso = `${iso.slice(0, -2)}:${iso.slice(-2)}`;
  if (iso.includes("T") && zone === undefined) iso = `${iso}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * `duration_ms` waits that long; `until` waits until the rendered time. A time already past (or a zero duration)
 * succeeds at once with the same output the engine gives a fired timer, `{ resumed_at }`.
 */
export const executeDelay: Executor<"delay"> = async (input) => {
  const { duration_ms, until } = input.node.config;
  let resumeAt: number;
  let data_in: Record<string, unknown>;
  if (until !== undefined) {
    const rendered = await renderField(input, "the “until” time", until);
    const at = parseUntil(rendered);
    if (at === null) {
      const shown = asText(rendered).slice(0, 100);
      return failed(
        {
          code: "invalid_delay",
          message_human: `Step ${quoteStep(stepLabel(input.node))}: “${shown}” is not a date and time (use ISO 8601, e.g. 2026-01-15T10:30:00Z)`,
          message_tech: `delay.until rendered to ${JSON.stringify(rendered) ?? "undefined"}`,
          retryable: false,
        },
        { until: rendered ?? null },
      );
    }
    resumeAt = at;
    data_in = { until: rendered, resume_at: new Date(at).toISOString() };
  } else {
    resumeAt = input.now + (duration_ms ?? 0);
    data_in = { duration_ms: duration_ms ?? 0 };
  }
  if (resumeAt <= input.now) return succeeded({ resumed_at: input.now }, data_in);
  return waiting({ reason: "timer", resume_at: resumeAt }, data_in);
};
