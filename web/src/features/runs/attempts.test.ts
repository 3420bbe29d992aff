import { describe, expect, it } from "vitest";
import type { StepView } from "../../../../worker/contracts/runs";
import { attemptRows, retryText, totalRetryWaitMs } from "./attempts";

type Attempt = StepView["attempt_history"][number];
const attempt = (n: number, over: Partial<Attempt>): Attempt => ({
  attempt: n,
  started_at: "2026-01-15T10:00:00.000Z",
  finished_at: null,
  outcome: "failed",
  error_code: null,
  error_human: null,
  retry_at: null,
  ...over,
});

const history: Attempt[] = [
  attempt(1, {
    started_at: "2026-01-15T10:00:00.000Z",
    finished_at: "2026-01-15T10:00:00.300Z",
    error_code: "http_status_5xx",
    error_human: "The server answered 503",
    retry_at: "2026-01-15T10:00:00.500Z",
  }),
  attempt(2, {
    started_at: "2026-01-15T10:00:00.510Z",
    finished_at: "2026-01-15T10:00:00.610Z",
    error_code: "http_status_5xx",
    retry_at: "2026-01-15T10:00:01.010Z",
  }),
  attempt(3, { started_at: "2026-01-15T10:00:01.020Z", finished_at: "2026-01-15T10:00:01.100Z", outcome: "succeeded" }),
];

describe("attemptRows", () => {
  it("shows the backoff delay before each retry, in attempt order", () => {
    const rows = attemptRows([...history].reverse(), Date.parse("2026-01-15T10:05:00.000Z"));
    expect(rows.map((row) => row.attempt)).toEqual([1, 2, 3]);
    expect(rows.map((row) => row.retry?.delayMs ?? null)).toEqual([200, 400, null]);
    expect(rows.every((row) => row.retry === null || row.retry.kind === "done")).toBe(true);
    expect(totalRetryWaitMs(rows)).toBe(600);
  });

  it("uses the human error, falling back to the code, and times each attempt", () => {
    const rows = attemptRows(history, 0);
    expect(rows[0]?.error).toBe("The server answered 503");
    expect(rows[1]?.error).toBe("http_status_5xx");
    expect(rows[2]?.error).toBeNull();
    expect(rows[0]?.durationMs).toBe(300);
  });

  it("says how long until a retry that hasn't started yet", () => {
    const first = history[0];
    if (!first) throw new Error("fixture");
    const [row] = attemptRows([first], Date.parse("2026-01-15T10:00:00.350Z"));
    expect(row?.retry).toEqual({ kind: "scheduled", at: first.retry_at, delayMs: 200, inMs: 150 });
    const [late] = attemptRows([first], Date.parse("2026-01-15T10:00:09.000Z"));
    expect(late?.retry).toMatchObject({ kind: "scheduled", inMs: 0 });
  });

  it("counts a running attempt up to now, and copes with a missing or broken retry time", () => {
    const [running] = attemptRows(
      [attempt(1, { started_at: "2026-01-15T10:00:00.000Z", outcome: "waiting" })],
      Date.parse("2026-01-15T10:00:03.000Z"),
    );
    expect(running?.durationMs).toBe(3_000);
    expect(running?.retry).toBeNull();
    const [broken] = attemptRows([attempt(1, { retry_at: "soon" })], 0);
    expect(broken?.retry).toBeNull();
  });
});

describe("retryText", () => {
  it("says what followed each attempt", () => {
    expect(retryText(null)).toBe("—");
    expect(retryText({ kind: "done", at: "x", delayMs: 1_500 })).toBe("Retried after 1.5 s");
    expect(retryText({ kind: "scheduled", at: "x", delayMs: 4_000, inMs: 2_200 })).toBe("Retry in 2.2 s (backoff 4 s)");
    expect(retryText({ kind: "scheduled", at: "x", delayMs: 4_000, inMs: 0 })).toBe("Retry due now (backoff 4 s)");
  });
});
