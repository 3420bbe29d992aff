/**
 * The automations hub's settings from Worker vars, with defaults: retry delays, the per-attempt
 * timeout, and the auto-disable policy. Bad values fall back to defaults with a warning to log.
 */
import { DEFAULT_DISABLE_POLICY, type DisablePolicy } from "./health";
import { parseRetryDelays } from "./retry-schedule";

/** The vars this module reads (all optional strings, as `wrangler.toml` gives them). */
export interface AutomationsVars {
  DELIVERY_RETRY_DELAYS_S?: string;
  DELIVERY_TIMEOUT_S?: string;
  DESTINATION_DISABLE_AFTER_S?: string;
  DESTINATION_DISABLE_MIN_FAILURES?: string;
}

export interface AutomationsConfig {
  retryDelaysS: number[];
  /** A 2xx must arrive within this (SPEC: 15 s). */
  timeoutMs: number;
  disable: DisablePolicy;
  warnings: string[];
}

export const DEFAULT_DELIVERY_TIMEOUT_S = 15;

function positiveInt(name: string, text: string | undefined, fallback: number, warnings: string[]): number {
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value >= 0) return value;
  warnings.push(`${name}="${text}" is not a whole number ≥ 0; using ${fallback}`);
  return fallback;
}

/** Reads and validates the vars. */
export function automationsConfig(vars: AutomationsVars): AutomationsConfig {
  const warnings: string[] = [];
  const { delays, warning } = parseRetryDelays(vars.DELIVERY_RETRY_DELAYS_S);
  if (warning) warnings.push(warning);
  const timeoutS = positiveInt("DELIVERY_TIMEOUT_S", vars.DELIVERY_TIMEOUT_S, DEFAULT_DELIVERY_TIMEOUT_S, warnings);
  const afterS = positiveInt(
    "DESTINATION_DISABLE_AFTER_S",
    vars.DESTINATION_DISABLE_AFTER_S,
    DEFAULT_DISABLE_POLICY.afterMs / 1000,
    warnings,
  );
  const minFailures = positiveInt(
    "DESTINATION_DISABLE_MIN_FAILURES",
    vars.DESTINATION_DISABLE_MIN_FAILURES,
    DEFAULT_DISABLE_POLICY.minFailures,
    warnings,
  );
  return {
    retryDelaysS: delays,
    timeoutMs: Math.max(1, timeoutS) * 1000,
    disable: { afterMs: afterS * 1000, minFailures: Math.max(1, minFailures) },
    warnings,
  };
}
