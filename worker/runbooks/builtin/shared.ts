// Small builders shared by the built-in runbook definitions: connection placeholders, defaults, polling retries.
import type { RetryPolicy } from "../../contracts/workflow";
import { CONNECTION_PLACEHOLDER } from "../types";

/**
 * The `connection_id` of a node that uses the operator's bound connection `key`.
 * @example connection("cloudflare") // "$connection:cloudflare"
 */
export function connection(key: string): string {
  return `${CONNECTION_PLACEHOLDER}${key}`;
}

/**
 * A JSONata expression reading an optional input. Written as `$lookup(input, "<name>")` rather than
 * `input.<name>` on purpose: preflight blocks a run whose input lacks a property that a step reads by path, and
 * an optional input the operator left out is not a problem (schema defaults fill the form, not the run input).
 * @example optionalInput("dry_run") // `$lookup(input, "dry_run")`
 */
export function optionalInput(name: string): string {
  return `$lookup(input, ${JSON.stringify(name)})`;
}

/**
 * A JSONata expression for a base URL input with its default, without trailing slashes (so `{{ base }}/path`
 * never doubles them).
 * @example baseUrlInput("api_base", "https://api.example.com")
 */
export function baseUrlInput(name: string, fallback: string): string {
  return `$replace(${optionalInput(name)} ?? ${JSON.stringify(fallback)}, /\\/+$/, "")`;
}

/** A JSONata expression for a required base URL input, without trailing slashes. */
export function requiredBaseUrl(name: string): string {
  return `$replace(input.${name}, /\\/+$/, "")`;
}

/** A URL path segment from an input, encoded (ids come from operators; never let one add path segments). */
export function segment(expression: string): string {
  return `$encodeUrlComponent($string(${expression}))`;
}

/**
 * The retry policy of a polling step (an `http` node with `until`): many attempts, backing off to `maxDelayMs`.
 * `condition_not_met` ("not ready yet"), server errors and 429 retry; other client errors never do.
 */
export function pollingRetry(maxAttempts: number, maxDelayMs: number): RetryPolicy {
  return {
    max_attempts: maxAttempts,
    backoff: "exponential",
    base_delay_ms: 1_000,
    max_delay_ms: maxDelayMs,
  };
}

/** One attempt only: for writes a retry could apply twice (the API offers no idempotency key). */
export const NO_RETRY: RetryPolicy = { max_attempts: 1, backoff: "fixed", base_delay_ms: 0 };

/** Reads retry transient errors (5xx, 429, network) a few times; other client errors fail at once. */
export const READ_RETRY: RetryPolicy = {
  max_attempts: 3,
  backoff: "exponential",
  base_delay_ms: 1_000,
  max_delay_ms: 10_000,
};
