/**
 * The dashboard's live picture of the org's runs, pure: counts by status (from `GET /feed/stats`) kept current by
 * the org feed's `run.status_changed` messages, and the most recent changes, newest first.
 */
import { z } from "zod";
import type { RunStatus } from "../../../../worker/contracts/runs";
import { RUN_STATUS_FILTERS, RUN_STATUS_LOOK } from "../runs/run-status";

/**
 * One message of `/api/v1/feed/ws` (published by the run object; the worker has no shared contract for it yet, so
 * it is validated here and anything else is ignored).
 */
export const FeedMessage = z.object({
  type: z.literal("run.status_changed"),
  run_id: z.string(),
  workflow_id: z.string(),
  status: z.string(),
  wait_reason: z.string().nullable().optional(),
  progress: z.number(),
  at: z.string(),
});
/** A parsed `run.status_changed` message. */
export type FeedMessage = z.infer<typeof FeedMessage>;

/** `GET /feed/stats`. */
export interface FeedStats {
  counts: Record<string, number>;
  total: number;
}

/** One change in the activity list. */
export interface FeedEntry {
  /** Unique per change (the same run appears once per status it reached). */
  key: string;
  runId: string;
  workflowId: string;
  status: string;
  waitReason: string | null;
  progress: number;
  at: string;
}

/** The dashboard's counts and activity list. */
export interface FeedState {
  /** Runs by status; null until the stats arrived. */
  counts: Record<string, number> | null;
  total: number;
  /** The last status the feed reported per run (to move a run's count from one status to the next). */
  known: Record<string, string>;
  /** Newest first, at most `MAX_FEED_ENTRIES`. */
  recent: FeedEntry[];
}

/** Changes kept in the activity list. */
export const MAX_FEED_ENTRIES = 25;

/** Before the stats and the first message. */
export const INITIAL_FEED: FeedState = { counts: null, total: 0, known: {}, recent: [] };

/**
 * Reads one socket message; null for anything that isn't a status change (keep-alive answers, newer message types).
 * @example parseFeedMessage('{"type":"pong"}') // null
 */
export function parseFeedMessage(text: string): FeedMessage | null {
  try {
    const parsed = FeedMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Applies a status change: the run joins the activity list, and if the feed told its previous status, its count
 * moves over at once. A run first seen here (started elsewhere, or before the page opened) can't be counted
 * exactly from the message alone: the caller refetches the stats after every message, which settles it.
 */
export function applyFeedMessage(state: FeedState, message: FeedMessage): FeedState {
  const key = `${message.run_id}:${message.status}:${message.at}`;
  if (state.recent.some((entry) => entry.key === key)) return state;
  const entry: FeedEntry = {
    key,
    runId: message.run_id,
    workflowId: message.workflow_id,
    status: message.status,
    waitReason: message.wait_reason ?? null,
    progress: message.progress,
    at: message.at,
  };
  const previous = state.known[message.run_id];
  let counts = state.counts;
  if (counts && previous !== undefined && previous !== message.status) {
    counts = { ...counts, [previous]: Math.max(0, (counts[previous] ?? 0) - 1) };
    counts[message.status] = (counts[message.status] ?? 0) + 1;
  }
  return {
    counts,
    total: state.total,
    known: { ...state.known, [message.run_id]: message.status },
    recent: [entry, ...state.recent].slice(0, MAX_FEED_ENTRIES),
  };
}

/** The counts from a fresh `GET /feed/stats` (the truth), keeping the activity list. */
export function withStats(state: FeedState, stats: FeedStats): FeedState {
  return { ...state, counts: { ...stats.counts }, total: stats.total };
}

/** One tile of the counts card. */
export interface CountTile {
  status: RunStatus;
  label: string;
  count: number;
  /** The runs list filtered by this status, when the list offers that filter. */
  href: string;
}

const TILE_ORDER: readonly RunStatus[] = [
  "running",
  "waiting",
  "queued",
  "paused",
  "needs_review",
  "ready",
  "completed",
  "failed",
  "canceled",
];
/** Always shown, even at zero; the rarer statuses only when some run is in them. */
const ALWAYS: ReadonlySet<RunStatus> = new Set(["running", "waiting", "queued", "completed", "failed", "canceled"]);

/**
 * The tiles to show for `counts`, in a fixed order.
 * @example countTiles({ running: 2, paused: 0 })[0] // { status: "running", label: "Running", count: 2, href: "/runs?status=running" }
 */
export function countTiles(counts: Record<string, number>): CountTile[] {
  return TILE_ORDER.filter((status) => ALWAYS.has(status) || (counts[status] ?? 0) > 0).map((status) => {
    const filterable = RUN_STATUS_FILTERS.some((filter) => filter === status);
    return {
      status,
      label: RUN_STATUS_LOOK[status].label,
      count: counts[status] ?? 0,
      href: filterable ? `/runs?status=${status}` : "/runs",
    };
  });
}
