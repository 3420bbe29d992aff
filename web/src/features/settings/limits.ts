/**
 * An organization's limits as people read and edit them: seconds and minutes instead of
 * milliseconds, KB instead of bytes. The API keeps the raw units; these convert both ways.
 */
import type { OrgLimits } from "../../../../worker/contracts/orgs";

/** Every limit with its effective value (the API's `limits`). */
export type Limits = Required<OrgLimits>;
export type LimitKey = keyof Limits;
/** The form's text per limit, in display units. */
export type LimitsForm = Record<LimitKey, string>;

/** How each limit is shown: a label, its display unit, and how many API units make one display unit. */
export const LIMIT_FIELDS = {
  max_nodes_per_workflow: { label: "Steps per workflow", unit: "steps", scale: 1 },
  node_timeout_ms: { label: "Step timeout", unit: "seconds", scale: 1_000 },
  run_timeout_ms: { label: "Run timeout", unit: "minutes", scale: 60_000 },
  max_concurrent_runs_per_user: { label: "Concurrent runs per user", unit: "runs", scale: 1 },
  max_run_input_bytes: { label: "Run input size", unit: "KB", scale: 1_024 },
  event_retention_ms: { label: "Run event and log retention", unit: "days", scale: 86_400_000 },
} as const satisfies Record<LimitKey, { label: string; unit: string; scale: number }>;

/** The limits in display order. */
export const LIMIT_KEYS = Object.keys(LIMIT_FIELDS) as LimitKey[];

function inDisplayUnits(key: LimitKey, value: number): number {
  // Two decimals at most: 1536 bytes is "1.5" KB, not "1.5000000001".
  return Math.round((value / LIMIT_FIELDS[key].scale) * 100) / 100;
}

/**
 * A limit for reading.
 * @example formatLimit("node_timeout_ms", 120_000) // "120 seconds"
 */
export function formatLimit(key: LimitKey, value: number): string {
  return `${inDisplayUnits(key, value)} ${LIMIT_FIELDS[key].unit}`;
}

/** The form's starting values. */
export function limitsToForm(limits: Limits): LimitsForm {
  const form = {} as LimitsForm;
  for (const key of LIMIT_KEYS) form[key] = String(inDisplayUnits(key, limits[key]));
  return form;
}

/** The outcome of reading the form: the limits that changed (API units), or a message per bad field. */
export type LimitsPatch = { ok: true; changed: OrgLimits } | { ok: false; errors: Partial<Record<LimitKey, string>> };

/**
 * Reads the form against the current limits. Only changed limits are sent, so the others keep
 * following the platform defaults instead of being pinned to today's values. Ranges are the
 * server's to check; here only "a positive number".
 * @example limitsPatch(current, { ...limitsToForm(current), node_timeout_ms: "60" }) // { ok: true, changed: { node_timeout_ms: 60000 } }
 */
export function limitsPatch(current: Limits, form: LimitsForm): LimitsPatch {
  const changed: OrgLimits = {};
  const errors: Partial<Record<LimitKey, string>> = {};
  const initial = limitsToForm(current);
  for (const key of LIMIT_KEYS) {
    const text = form[key].trim();
    // Untouched: the shown value is rounded, so converting it back could differ from the stored one.
    if (text === initial[key]) continue;
    const value = Number(text);
    if (text === "" || !Number.isFinite(value) || value <= 0) {
      errors[key] = `Enter a positive number of ${LIMIT_FIELDS[key].unit}`;
      continue;
    }
    const raw = Math.round(value * LIMIT_FIELDS[key].scale);
    if (raw !== current[key]) changed[key] = raw;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, changed };
}
