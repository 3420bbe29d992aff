/** Pure helpers for the Automations screens: status labels and tones, subscriptions as text, attempt timing. */
import type { DeliveryStatus } from "../../../../worker/contracts/automations";
import type { Tone } from "../../ui";

/** What people read for each delivery status. */
export const STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: "Pending",
  delivering: "Sending",
  succeeded: "Delivered",
  failed_retrying: "Retrying",
  dead: "Failed",
};

/** The badge colour for a status. */
export function statusTone(status: DeliveryStatus): Tone {
  switch (status) {
    case "succeeded":
      return "ok";
    case "dead":
      return "error";
    case "failed_retrying":
      return "warn";
    case "pending":
    case "delivering":
      return "info";
    default: {
      const _never: never = status;
      return _never;
    }
  }
}

/** Whether a delivery may still change by itself (the log keeps refreshing while one does). */
export function isInFlight(status: DeliveryStatus): boolean {
  return status === "pending" || status === "delivering" || status === "failed_retrying";
}

/**
 * Subscriptions typed as text: separated by commas, spaces or new lines; empty means everything.
 * @example parseEventTypes("run.*, step.failed") // ["run.*", "step.failed"]
 */
export function parseEventTypes(text: string): string[] {
  const items = text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length === 0 ? ["*"] : [...new Set(items)];
}

/** The text form of subscriptions, for editing. */
export function formatEventTypes(types: readonly string[]): string {
  return types.join(", ");
}

/** "in 45 s", "in 5 min", "in 2 h", or "now" for a time that has come; null when there is none. */
export function untilText(iso: string | null, nowMs: number): string | null {
  if (!iso) return null;
  const seconds = Math.round((Date.parse(iso) - nowMs) / 1000);
  if (seconds <= 0) return "now";
  if (seconds < 90) return `in ${seconds} s`;
  if (seconds < 90 * 60) return `in ${Math.round(seconds / 60)} min`;
  return `in ${Math.round(seconds / 3600)} h`;
}

/** How long an attempt waited for its retry, as "retried after 60 s" (null for the last attempt). */
export function waitedText(startedIso: string, nextRetryIso: string | null): string | null {
  if (!nextRetryIso) return null;
  const seconds = Math.max(0, Math.round((Date.parse(nextRetryIso) - Date.parse(startedIso)) / 1000));
  return seconds < 90
    ? `${seconds} s`
    : seconds < 90 * 60
      ? `${Math.round(seconds / 60)} min`
      : `${Math.round(seconds / 3600)} h`;
}
