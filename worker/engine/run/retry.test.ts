import { describe, expect, it } from "vitest";
import type { StepError } from "./errors";
import { backoffDelay, DEFAULT_MAX_DELAY_MS, decideRetry, hashRandom } from "./retry";

const transient: StepError = { code: "http_status_5xx", message_human: "Server error", retryable: true };
const exp = { max_attempts: 5, backoff: "exponential" as const, base_delay_ms: 1_000 };

describe("backoffDelay", () => {
  it("doubles the ceiling per attempt (full jitter scales it by random)", () => {
    const one = () => 0.999_999;
    expect([1, 2, 3, 4].map((a) => backoffDelay(exp, a, one))).toEqual([999, 1_999, 3_999, 7_999]);
    expect(backoffDelay(exp, 3, () => 0.5)).toBe(2_000);
    expect(backoffDelay(exp, 3, () => 0)).toBe(0);
  });

  it("caps at max_delay_ms, or one hour by default", () => {
    expect(backoffDelay({ ...exp, max_delay_ms: 5_000 }, 10, () => 0.999_999)).toBe(4_999);
    expect(backoffDelay(exp, 40, () => 0.5)).toBe(DEFAULT_MAX_DELAY_MS / 2);
  });

  it("waits exactly base_delay_ms with fixed backoff", () => {
    expect(backoffDelay({ ...exp, backoff: "fixed" }, 7, () => 0.1)).toBe(1_000);
  });

  it("survives a misbehaving random source", () => {
    expect(backoffDelay(exp, 2, () => Number.NaN)).toBe(0);
    expect(backoffDelay(exp, 2, () => 7)).toBe(2_000);
  });
});

describe("decideRetry", () => {
  it("does not retry by default (max_attempts 1)", () => {
    expect(decideRetry(undefined, transient, 1, () => 0.5)).toEqual({ kind: "give_up", reason: "attempts_exhausted" });
  });

  it("retries until max_attempts, then gives up", () => {
    expect(decideRetry(exp, transient, 4, () => 0.5)).toEqual({ kind: "retry", delay_ms: 4_000 });
    expect(decideRetry(exp, transient, 5, () => 0.5)).toEqual({ kind: "give_up", reason: "attempts_exhausted" });
  });

  it("never retries a non-retryable error or a code the policy lists", () => {
    expect(decideRetry(exp, { ...transient, retryable: false }, 1, () => 0.5)).toEqual({
      kind: "give_up",
      reason: "non_retryable",
    });
    expect(decideRetry({ ...exp, non_retryable_codes: ["http_status_5xx"] }, transient, 1, () => 0.5)).toEqual({
      kind: "give_up",
      reason: "non_retryable_code",
    });
  });

  it("honours retry_after_ms as a minimum", () => {
    expect(decideRetry(exp, { ...transient, retry_after_ms: 30_000 }, 1, () => 0.5)).toEqual({
      kind: "retry",
      delay_ms: 30_000,
    });
    expect(decideRetry(exp, { ...transient, retry_after_ms: 10 }, 3, () => 0.5)).toEqual({
      kind: "retry",
      delay_ms: 2_000,
    });
  });
});

describe("hashRandom", () => {
  it("is deterministic, in [0, 1) and spread", () => {
    expect(hashRandom("run:a:1")).toBe(hashRandom("run:a:1"));
    const values = Array.from({ length: 200 }, (_, i) => hashRandom(`run_1:step:${i}`));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values.map((v) => Math.floor(v * 10))).size).toBe(10);
  });
});
