/**
 * A run's live event stream on the client, pure: parse each WebSocket message, apply events once and in order (by
 * `seq`), keep the run header they carry (status, wait reason, progress, current step, times) and say what else
 * the page must refetch (steps, the full run, logs). `useRunEvents` feeds it; tests feed it by hand.
 */
import { z } from "zod";
import { RunEventV1 } from "../../../../worker/contracts/run-events";
import { type RunDetail, RunStatus } from "../../../../worker/contracts/runs";

type RunEventType = RunEventV1["event_type"];

/** The run header as the newest event tells it. */
export interface RunHeader {
  /** The seq of the event it comes from. */
  seq: number;
  status: RunStatus;
  wait_reason: string | null;
  progress: number;
  current_step: RunEventV1["current_step"];
  /** When the run was first seen executing, and when it finished (event timestamps). */
  started_at: string | null;
  completed_at: string | null;
}

/** The newest events kept for the page's event list (older ones stay in the server's log). */
export const MAX_KEPT_EVENTS = 500;

/** Everything the client knows from the stream so far. */
export interface LiveRunState {
  /** The highest seq applied: a reconnect subscribes with `{ after_seq: lastSeq }`. */
  lastSeq: number;
  header: RunHeader | null;
  /** Applied events, oldest first, at most `MAX_KEPT_EVENTS`. */
  events: RunEventV1[];
  /** A terminal event (completed, failed, canceled) was applied: nothing more will happen to the run. */
  finished: boolean;
}

/** Before the first event: subscribe with `{ after_seq: 0 }`. */
export const INITIAL_LIVE_RUN: LiveRunState = { lastSeq: 0, header: null, events: [], finished: false };

/** What a message changed: the header, and which server state is now out of date. */
export interface LiveChanges {
  header: boolean;
  steps: boolean;
  run: boolean;
  logs: boolean;
}

/** Nothing to update. */
export const NO_CHANGES: LiveChanges = { header: false, steps: false, run: false, logs: false };

/** One WebSocket message, read. */
export type RunMessage =
  | { kind: "event"; event: RunEventV1 }
  /** Has a seq but isn't an event this client understands (a newer server): skip it, refetch everything. */
  | { kind: "unknown_event"; seq: number }
  | { kind: "pong" }
  | { kind: "error"; message: string }
  | { kind: "other" };

const Envelope = z.object({ seq: z.number().int().min(1).optional(), type: z.string().optional() });
const ServerError = z.object({ type: z.literal("error"), message: z.string() });

/**
 * Reads one message of `/runs/:id/ws`: an event (validated against the shared schema v1), the keep-alive answer,
 * or the server's complaint about a bad subscribe message.
 * @example parseRunMessage('{"type":"pong"}') // { kind: "pong" }
 */
export function parseRunMessage(text: string): RunMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "other" };
  }
  const event = RunEventV1.safeParse(value);
  if (event.success) return { kind: "event", event: event.data };
  const envelope = Envelope.safeParse(value);
  if (!envelope.success) return { kind: "other" };
  if (envelope.data.seq !== undefined) return { kind: "unknown_event", seq: envelope.data.seq };
  if (envelope.data.type === "pong") return { kind: "pong" };
  const error = ServerError.safeParse(value);
  return error.success ? { kind: "error", message: error.data.message } : { kind: "other" };
}

/** Which server state each event type makes stale (a `Record`, so a new event type must be decided here). */
const STALE_AFTER: Readonly<Record<RunEventType, { steps: boolean; run: boolean }>> = {
  "execution.created": { steps: false, run: false },
  "execution.status_changed": { steps: false, run: false },
  "execution.progress": { steps: false, run: false },
  // The preflight summary and the recommended actions live only in the full run.
  "preflight.completed": { steps: false, run: true },
  "step.started": { steps: true, run: false },
  "step.completed": { steps: true, run: false },
  "step.failed": { steps: true, run: false },
  "step.retrying": { steps: true, run: false },
  "execution.waiting": { steps: true, run: false },
  "approval.requested": { steps: true, run: false },
  "approval.decided": { steps: true, run: false },
  "execution.paused": { steps: false, run: false },
  // Resuming out of review may re-pin the version and clears the preflight summary.
  "execution.resumed": { steps: false, run: true },
  "execution.canceled": { steps: true, run: false },
  // The human and technical errors and what to do next come with the full run.
  "execution.failed": { steps: true, run: true },
  "execution.completed": { steps: true, run: false },
  "log.appended": { steps: false, run: false },
};

const TERMINAL_EVENTS: ReadonlySet<RunEventType> = new Set([
  "execution.completed",
  "execution.failed",
  "execution.canceled",
]);
const NOT_STARTED: ReadonlySet<RunStatus> = new Set(["queued", "needs_review", "ready"]);

function waitReasonOf(event: RunEventV1, status: RunStatus, previous: string | null): string | null {
  if (status !== "waiting") return null;
  const reason = event.data.reason;
  const announces = event.event_type === "execution.waiting" || event.event_type === "execution.status_changed";
  return announces && typeof reason === "string" ? reason : previous;
}

function headerOf(previous: RunHeader | null, event: RunEventV1, status: RunStatus): RunHeader {
  const terminal = TERMINAL_EVENTS.has(event.event_type);
  return {
    seq: event.seq,
    status,
    wait_reason: waitReasonOf(event, status, previous?.wait_reason ?? null),
    progress: event.progress,
    current_step: event.current_step,
    started_at: previous?.started_at ?? (NOT_STARTED.has(status) ? null : event.timestamp),
    completed_at: previous?.completed_at ?? (terminal ? event.timestamp : null),
  };
}

function withEvent(events: RunEventV1[], event: RunEventV1): RunEventV1[] {
  const next = [...events, event];
  return next.length > MAX_KEPT_EVENTS ? next.slice(next.length - MAX_KEPT_EVENTS) : next;
}

/**
 * Applies one message. Events at or below `lastSeq` (a replay overlapping what arrived live) change nothing. A gap
 * in the seqs (which the server promises never to leave) or an event this client can't read marks the steps and
 * the run stale, so the page resynchronises from the API instead of showing something half-known.
 * @example const { state, changes } = applyRunMessage(INITIAL_LIVE_RUN, parseRunMessage(text));
 */
export function applyRunMessage(
  state: LiveRunState,
  message: RunMessage,
): { state: LiveRunState; changes: LiveChanges } {
  switch (message.kind) {
    case "pong":
    case "error":
    case "other":
      return { state, changes: NO_CHANGES };
    case "unknown_event":
      if (message.seq <= state.lastSeq) return { state, changes: NO_CHANGES };
      return {
        state: { ...state, lastSeq: message.seq },
        changes: { header: false, steps: true, run: true, logs: true },
      };
    case "event": {
      const { event } = message;
      if (event.seq <= state.lastSeq) return { state, changes: NO_CHANGES };
      const gap = state.lastSeq > 0 && event.seq > state.lastSeq + 1;
      const status = RunStatus.safeParse(event.status);
      const stale = STALE_AFTER[event.event_type];
      const next: LiveRunState = {
        lastSeq: event.seq,
        header: status.success ? headerOf(state.header, event, status.data) : state.header,
        events: withEvent(state.events, event),
        finished: state.finished || TERMINAL_EVENTS.has(event.event_type),
      };
      return {
        state: next,
        changes: {
          header: status.success,
          steps: stale.steps || gap,
          run: stale.run || gap || !status.success,
          logs: true,
        },
      };
    }
    default: {
      const _never: never = message;
      throw new Error(`unknown run message ${JSON.stringify(_never)}`);
    }
  }
}

/** Merges two change sets (several messages between two flushes to the page). */
export function mergeChanges(a: LiveChanges, b: LiveChanges): LiveChanges {
  return { header: a.header || b.header, steps: a.steps || b.steps, run: a.run || b.run, logs: a.logs || b.logs };
}

/**
 * The run with the live header laid over it: status, wait reason, progress and current step from the newest event,
 * and start and completion times where the run didn't have them yet.
 * @example queryClient.setQueryData(runKeys.detail(id), (run) => run && withLiveHeader(run, header));
 */
export function withLiveHeader(run: RunDetail, header: RunHeader): RunDetail {
  return {
    ...run,
    status: header.status,
    wait_reason: header.wait_reason,
    progress: header.progress,
    current_step: header.current_step,
    started_at: run.started_at ?? header.started_at,
    completed_at: run.completed_at ?? header.completed_at,
  };
}

/**
 * Guards against an answer of the API that left the server before the run finished but arrived after its last
 * event: a run the events say has finished never shows as live again.
 */
export function keepFinished(run: RunDetail, header: RunHeader | null): RunDetail {
  if (!header || !TERMINAL_STATUSES.has(header.status) || TERMINAL_STATUSES.has(run.status)) return run;
  return withLiveHeader(run, header);
}

const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "failed", "canceled"]);
