/** The new-webhook form's values (as typed, in seconds) and the API body they become (in milliseconds). */
import type { CreateWebhookTriggerBody, WebhookMode } from "../../../../../worker/contracts/triggers";

/** What the form holds: numbers as the person typed them, so a half-typed value isn't rewritten. */
export interface WebhookFormValues {
  name: string;
  mode: WebhookMode;
  syncTimeoutSeconds: string;
  rateLimitPerMinute: string;
  /** Empty for no debounce. */
  debounceSeconds: string;
}

// Not a number stays NaN, which the API refuses with a message beside the field (no silent default).
function toNumber(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}

/**
 * The create body: seconds become milliseconds; an empty debounce is `null` (none); the sync
 * timeout is sent only in sync mode (the API keeps its default otherwise).
 * @example webhookFormBody({ name: "", mode: "async", syncTimeoutSeconds: "10", rateLimitPerMinute: "60", debounceSeconds: "" })
 * // { name: "", mode: "async", rate_limit_per_minute: 60, debounce_ms: null }
 */
export function webhookFormBody(values: WebhookFormValues): Partial<CreateWebhookTriggerBody> {
  const debounce = values.debounceSeconds.trim();
  return {
    name: values.name.trim(),
    mode: values.mode,
    ...(values.mode === "sync" ? { sync_timeout_ms: Math.round(toNumber(values.syncTimeoutSeconds) * 1000) } : {}),
    rate_limit_per_minute: toNumber(values.rateLimitPerMinute),
    debounce_ms: debounce === "" ? null : Math.round(toNumber(debounce) * 1000),
  };
}

/**
 * A millisecond duration as the list shows it.
 * @example formatSeconds(1500) // "1.5 s"
 */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
