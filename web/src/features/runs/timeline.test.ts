import { describe, expect, it } from "vitest";
import type { StepView } from "../../../../worker/contracts/runs";
import { MIN_BAR_PCT, timeline, timelineTicks } from "./timeline";

const T0 = Date.parse("2026-01-15T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1_000).toISOString();

type Attempt = StepView["attempt_history"][number];

function attempt(n: number, from: number, to: number | null, outcome: Attempt["outcome"]): Attempt {
  return {
    attempt: n,
    started_at: at(from),
    finished_at: to === null ? null : at(to),
    outcome,
    error_code: null,
    error_human: null,
    retry_at: null,
  };
}

function step(
  nodeId: string,
  index: number,
  status: StepView["status"],
  history: Attempt[],
  times: { started?: number; finished?: number } = {},
) {
  return {
    node_id: nodeId,
    name: nodeId.replace(/^./, (c) => c.toUpperCase()),
    index,
    status,
    started_at: times.started === undefined ? (history[0]?.started_at ?? null) : at(times.started),
    finished_at: times.finished === undefined ? (history.at(-1)?.finished_at ?? null) : at(times.finished),
    attempt_history: history,
  };
}

const FINISHED_RUN = { started_at: at(0), completed_at: at(10) };

describe("timeline", () => {
  it("places each step's bar by its start and length, as percentages of the run's span", () => {
    const line = timeline(
      [
        step("fetch", 0, "succeeded", [attempt(1, 0, 2, "succeeded")]),
        step("check", 1, "succeeded", [attempt(1, 2, 7, "succeeded")]),
      ],
      FINISHED_RUN,
      T0 + 60_000,
    );
    expect(line.rows.map((row) => row.bars.map(({ left, width }) => ({ left, width })))).toEqual([
      [{ left: 0, width: 20 }],
      [{ left: 20, width: 50 }],
    ]);
    expect(line.endMs - line.startMs).toBe(10_000);
  });

  it("lists rows in topological order (by step index), not by start time", () => {
    const line = timeline(
      [
        step("later", 1, "succeeded", [attempt(1, 0, 1, "succeeded")]),
        step("first", 0, "succeeded", [attempt(1, 5, 6, "succeeded")]),
      ],
      FINISHED_RUN,
      T0,
    );
    expect(line.rows.map((row) => row.nodeId)).toEqual(["first", "later"]);
  });

  it("shows a retried step as one bar per attempt, with the backoff as the gap between them", () => {
    const line = timeline(
      [step("call", 0, "succeeded", [attempt(1, 0, 1, "failed"), attempt(2, 4, 5, "succeeded")])],
      FINISHED_RUN,
      T0,
    );
    const row = line.rows[0]!;
    expect(row.bars.map((bar) => [bar.left, bar.width, bar.outcome])).toEqual([
      [0, 10, "failed"],
      [40, 10, "succeeded"],
    ]);
    expect(row.retryWaitMs).toBe(3_000);
    expect(row.durationMs).toBe(5_000);
    expect(row.bars[0]?.label).toBe("Call: attempt 1 of 2, failed, 1 s");
    expect(row.label).toBe("Call: succeeded, 5 s after 2 attempts");
  });

  it("stretches a live run's running and waiting steps up to now", () => {
    const now = T0 + 8_000;
    const line = timeline(
      [
        step("approve", 0, "waiting", [attempt(1, 0, 1, "waiting")]),
        step("call", 1, "running", [attempt(1, 4, null, "interrupted")]),
      ],
      { started_at: at(0), completed_at: null },
      now,
    );
    expect(line.endMs).toBe(now);
    expect(line.rows[0]?.bars[0]).toMatchObject({ left: 0, width: 100, outcome: "waiting" });
    expect(line.rows[1]?.bars[0]).toMatchObject({ left: 50, width: 50, outcome: "running" });
  });

  it("ends an attempt cut short by a cancel where its step ended", () => {
    const line = timeline(
      [step("call", 0, "canceled", [attempt(1, 0, null, "interrupted")], { finished: 5 })],
      FINISHED_RUN,
      T0 + 100_000,
    );
    expect(line.rows[0]?.bars[0]).toMatchObject({ left: 0, width: 50, outcome: "interrupted" });
  });

  it("keeps a row without bars for steps that never ran", () => {
    const line = timeline(
      [step("fetch", 0, "succeeded", [attempt(1, 0, 10, "succeeded")]), step("deploy", 1, "skipped", [])],
      FINISHED_RUN,
      T0,
    );
    expect(line.rows[1]).toMatchObject({
      nodeId: "deploy",
      bars: [],
      durationMs: null,
      label: "Deploy: skipped, not run",
    });
  });

  it("still shows an instant step, with the narrowest bar", () => {
    const line = timeline([step("noop", 0, "succeeded", [attempt(1, 10, 10, "succeeded")])], FINISHED_RUN, T0);
    expect(line.rows[0]?.bars[0]).toMatchObject({ width: MIN_BAR_PCT, left: 100 - MIN_BAR_PCT });
  });

  it("draws a step from its own times when it has no attempt history", () => {
    const line = timeline([step("mocked", 0, "succeeded", [], { started: 2, finished: 4 })], FINISHED_RUN, T0);
    expect(line.rows[0]?.bars).toMatchObject([{ left: 20, width: 20, outcome: "succeeded" }]);
  });

  it("handles a run that hasn't started: no bars, and no division by zero", () => {
    const line = timeline([step("fetch", 0, "pending", [])], { started_at: null, completed_at: null }, T0);
    expect(line.rows).toEqual([expect.objectContaining({ bars: [], durationMs: null })]);
    expect(line.startMs).toBe(line.endMs);
  });

  it("starts the span at the earliest step when a step started before the run's recorded start", () => {
    const line = timeline([step("fetch", 0, "succeeded", [attempt(1, -2, 0, "succeeded")])], FINISHED_RUN, T0);
    expect(line.startMs).toBe(T0 - 2_000);
    expect(line.rows[0]?.bars[0]?.left).toBe(0);
  });
});

describe("timelineTicks", () => {
  it("labels evenly spaced ticks along the span", () => {
    expect(timelineTicks({ startMs: 0, endMs: 10_000 }, 3)).toEqual([
      { left: 0, label: "0 ms" },
      { left: 50, label: "5 s" },
      { left: 100, label: "10 s" },
    ]);
    expect(timelineTicks({ startMs: 5, endMs: 5 })).toEqual([]);
  });
});
