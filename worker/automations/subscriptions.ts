/**
 * Which destinations an event goes to: subscriptions are exact types, `*`, or prefix wildcards
 * (`run.*` matches `run.completed` and `run.step.failed`, not `run` or `runs.completed`).
 */
import { EVENT_TYPE_PATTERN, SUBSCRIPTION_PATTERN } from "../contracts/automations";

/** Whether `type` is a valid event type. */
export function isEventType(type: string): boolean {
  return EVENT_TYPE_PATTERN.test(type);
}

/** Whether `pattern` is a valid subscription. */
export function isSubscription(pattern: string): boolean {
  return SUBSCRIPTION_PATTERN.test(pattern);
}

/**
 * Whether one subscription matches an event type. Invalid patterns match nothing.
 * @example matchesSubscription("run.*", "run.failed") // true
 */
export function matchesSubscription(pattern: string, type: string): boolean {
  if (!isSubscription(pattern)) return false;
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1)) && type.length > pattern.length - 1;
  return pattern === type;
}

/** Whether any of a destination's subscriptions matches. */
export function matchesAny(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => matchesSubscription(pattern, type));
}

/** Sorted, without duplicates: how subscriptions are stored. */
export function normalizeSubscriptions(patterns: readonly string[]): string[] {
  return [...new Set(patterns.map((p) => p.trim()))].sort();
}
