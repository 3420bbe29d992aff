import { describe, expect, it } from "vitest";
import type { RunEventV1 } from "../../../../worker/contracts/run-events";
import type { RunDetail } from "../../../../worker/contracts/runs";
import {
  applyRunMessage,
  INITIAL_LIVE_RUN,
  keepFinished,
  type LiveRunState,
  MAX_KEPT_EVENTS,
  mergeChanges,
  NO_CHANGES,
  parseRunMessage,
  withLiveHeader,
} from "./live-run";

function event(seq: number, eventType: RunEventV1["event_type"], overrides: Partial<RunEventV1> = {}): RunEventV1 {
  return {
    schema_version: 1,
    event_id: `evt_${seq}`,
    seq,
    event_type: eventType,
    timestamp: new Date(Date.UTC(2026, 0, 15, 10, 0, seq)).toISOString(),
    execution_id: "run_1",
    workflow_id: "wf_1",
    organization_id: "org_1",
    correlation_id: "cor_1",
    status: "running",
    progress: 0,
    current_step: null,
    data: {},
    ...overrides,
  };
}

/** Sends events through parse + apply, the way the socket delivers them. */
function feed(events: RunEventV1[], from: LiveRunState = INITIAL_LIVE_RUN) {
  let state = from;
  let changes = NO_CHANGES;
  for (const e of events) {
    const next = applyRunMessage(state, parseRunMessage(JSON.stringify(e)));
    state = next.state;
    changes = mergeChanges(changes, next.changes);
  }
  return { state, changes };
}

const STEP = { index: 1, label: "Approve deploy", node_id: "review", node_type: "approval" };

describe("parseRunMessage", () => {
  it("reads events of schema v1, keep-alive answers and the server's complaints", () => {
    expect(parseRunMessage(JSON.stringify(event(3, "step.started")))).toMatchObject({
      kind: "event",
      event: { seq: 3 },
    });
    expect(parseRunMessage('{"type":"pong"}')).toEqual({ kind: "pong" });
    expect(parseRunMessage('{"type":"error","message":"Send {\\"after_seq\\": <number>}"}')).toEqual({
      kind: "error",
      message: 'Send {"after_seq": <number>}',
    });
  });

  it("keeps the seq of an event it can't read, and shrugs at anything else", () => {
    const newer = { ...event(9, "step.started"), event_type: "step.teleported" };
    expect(parseRunMessage(JSON.stringify(newer))).toEqual({ kind: "unknown_event", seq: 9 });
    expect(parseRunMessage("not json")).toEqual({ kind: "other" });
    expect(parseRunMessage("[1,2]")).toEqual({ kind: "other" });
  });
});

describe("applyRunMessage", () => {
  it("follows the run header from event to event", () => {
    const { state } = feed([
      event(1, "execution.created", { status: "queued" }),
      event(2, "execution.status_changed", { status: "running" }),
      event(3, "step.started", { progress: 25, current_step: STEP }),
      event(4, "execution.status_changed", {
        status: "waiting",
        data: { from: "running", to: "waiting", reason: "approval" },
      }),
    ]);
    expect(state.lastSeq).toBe(4);
    expect(state.header).toMatchObject({
      seq: 4,
      status: "waiting",
      wait_reason: "approval",
      progress: 0,
      started_at: "2026-01-15T10:00:02.000Z",
      completed_at: null,
    });
    expect(state.finished).toBe(false);
  });

  it("takes the current step and progress from the newest event", () => {
    const { state } = feed([event(1, "step.started", { progress: 40, current_step: STEP })]);
    expect(state.header?.current_step).toEqual(STEP);
    expect(state.header?.progress).toBe(40);
  });

  it("keeps the wait reason through events that don't repeat it, and drops it once the run moves on", () => {
    const waiting = feed([event(1, "execution.waiting", { status: "waiting", data: { reason: "timer" } })]);
    const still = feed([event(2, "execution.progress", { status: "waiting" })], waiting.state);
    expect(still.state.header?.wait_reason).toBe("timer");
    const running = feed([event(3, "execution.status_changed", { status: "running" })], still.state);
    expect(running.state.header?.wait_reason).toBeNull();
  });

  it("applies each seq once: a replay overlapping the live events changes nothing", () => {
    const first = feed([event(1, "execution.created"), event(2, "step.started")]);
    const replay = feed([event(1, "execution.created"), event(2, "step.started")], first.state);
    expect(replay.state).toBe(first.state);
    expect(replay.changes).toEqual(NO_CHANGES);
    const next = feed([event(2, "step.started"), event(3, "step.completed")], first.state);
    expect(next.state.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it("ignores an event older than the last one, even out of order", () => {
    const ahead = feed([event(5, "step.started")]);
    const late = feed([event(4, "execution.status_changed", { status: "paused" })], ahead.state);
    expect(late.state.header?.status).toBe("running");
  });

  it("asks for the steps after step and approval events, and not for progress alone", () => {
    expect(feed([event(1, "step.completed")]).changes).toMatchObject({ steps: true, run: false, logs: true });
    expect(feed([event(1, "approval.requested", { status: "waiting" })]).changes.steps).toBe(true);
    expect(feed([event(1, "execution.progress")]).changes).toMatchObject({ header: true, steps: false, run: false });
  });

  it("asks for the full run when the header can't tell it all (a failure, a preflight, a resume)", () => {
    expect(feed([event(1, "execution.failed", { status: "failed" })]).changes).toMatchObject({
      run: true,
      steps: true,
    });
    expect(feed([event(1, "preflight.completed", { status: "needs_review" })]).changes.run).toBe(true);
    expect(feed([event(1, "execution.resumed")]).changes.run).toBe(true);
    expect(feed([event(1, "execution.completed", { status: "completed" })]).changes.run).toBe(false);
  });

  it("marks the run finished with its completion time on a terminal event", () => {
    const { state } = feed([
      event(1, "execution.status_changed"),
      event(2, "execution.completed", { status: "completed", progress: 100 }),
    ]);
    expect(state.finished).toBe(true);
    expect(state.header).toMatchObject({
      status: "completed",
      progress: 100,
      completed_at: "2026-01-15T10:00:02.000Z",
    });
  });

  it("resynchronises after a gap in the seqs", () => {
    const start = feed([event(1, "execution.created")]);
    const gap = feed([event(4, "execution.progress")], start.state);
    expect(gap.changes).toMatchObject({ steps: true, run: true });
    expect(gap.state.lastSeq).toBe(4);
  });

  it("skips an event it can't read but moves past it and refetches everything", () => {
    const start = feed([event(1, "execution.created")]);
    const newer = JSON.stringify({ ...event(2, "step.started"), event_type: "step.teleported" });
    const { state, changes } = applyRunMessage(start.state, parseRunMessage(newer));
    expect(state.lastSeq).toBe(2);
    expect(state.header).toBe(start.state.header);
    expect(changes).toEqual({ header: false, steps: true, run: true, logs: true });
  });

  it("keeps the header when an event carries a status it doesn't know, and refetches the run", () => {
    const start = feed([event(1, "execution.status_changed", { status: "running" })]);
    const odd = feed([event(2, "execution.status_changed", { status: "hibernating" })], start.state);
    expect(odd.state.header?.status).toBe("running");
    expect(odd.changes.run).toBe(true);
  });

  it("ignores pongs and complaints", () => {
    const { state, changes } = applyRunMessage(INITIAL_LIVE_RUN, { kind: "pong" });
    expect(state).toBe(INITIAL_LIVE_RUN);
    expect(changes).toEqual(NO_CHANGES);
  });

  it("keeps only the newest events for the page", () => {
    const many = Array.from({ length: MAX_KEPT_EVENTS + 5 }, (_, i) => event(i + 1, "log.appended"));
    const { state } = feed(many);
    expect(state.events).toHaveLength(MAX_KEPT_EVENTS);
    expect(state.events[0]?.seq).toBe(6);
    expect(state.lastSeq).toBe(MAX_KEPT_EVENTS + 5);
  });
});

const RUN: RunDetail = {
  id: "run_1",
  workflow_id: "wf_1",
  version: 1,
  status: "waiting",
  wait_reason: "approval",
  progress: 33,
  current_step: STEP,
  preflight_summary: null,
  last_error_human: null,
  last_error_tech: null,
  recommended_actions: [],
  trigger: { type: "manual", data: null },
  correlation_id: "cor_1",
  phase_metrics: {},
  cost: { llm_tokens: 0, llm_cost_usd: 0, tool_calls: 0 },
  input: {},
  output: null,
  dry_run: false,
  options: { skip_steps: [], mocked_steps: [], until_step: null, until_phase: null },
  parent_run_id: null,
  created_at: "2026-01-15T09:59:59.000Z",
  started_at: "2026-01-15T10:00:00.000Z",
  completed_at: null,
};

describe("withLiveHeader", () => {
  it("shows the event's status, progress and step, keeping the run's own start time", () => {
    const { state } = feed([event(7, "execution.completed", { status: "completed", progress: 100 })]);
    const run = withLiveHeader(RUN, state.header!);
    expect(run).toMatchObject({
      status: "completed",
      wait_reason: null,
      progress: 100,
      current_step: null,
      started_at: "2026-01-15T10:00:00.000Z",
      completed_at: "2026-01-15T10:00:07.000Z",
    });
    expect(run.correlation_id).toBe("cor_1");
  });
});

describe("keepFinished", () => {
  it("never lets a late answer of the API show a finished run as live again", () => {
    const { state } = feed([event(7, "execution.canceled", { status: "canceled" })]);
    expect(keepFinished(RUN, state.header).status).toBe("canceled");
  });

  it("leaves the API's answer alone while the run is live, or once it says the run finished", () => {
    const live = feed([event(7, "execution.status_changed", { status: "running" })]);
    expect(keepFinished(RUN, live.state.header)).toBe(RUN);
    const done = feed([event(8, "execution.completed", { status: "completed" })]);
    const failed = { ...RUN, status: "failed" as const };
    expect(keepFinished(failed, done.state.header)).toBe(failed);
    expect(keepFinished(RUN, null)).toBe(RUN);
  });
});
