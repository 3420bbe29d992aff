import { describe, expect, it } from "vitest";
import {
  applyFeedMessage,
  countTiles,
  type FeedMessage,
  type FeedState,
  INITIAL_FEED,
  MAX_FEED_ENTRIES,
  parseFeedMessage,
  withStats,
} from "./feed";

function message(runId: string, status: string, second = 0): FeedMessage {
  return {
    type: "run.status_changed",
    run_id: runId,
    workflow_id: "wf_1",
    status,
    wait_reason: status === "waiting" ? "approval" : null,
    progress: 50,
    at: new Date(Date.UTC(2026, 0, 15, 10, 0, second)).toISOString(),
  };
}

const STARTED = withStats(INITIAL_FEED, { counts: { running: 2, completed: 5 }, total: 7 });

function apply(state: FeedState, ...messages: FeedMessage[]): FeedState {
  return messages.reduce(applyFeedMessage, state);
}

describe("parseFeedMessage", () => {
  it("reads status changes and ignores keep-alive answers and anything else", () => {
    expect(parseFeedMessage(JSON.stringify(message("run_1", "running")))).toMatchObject({ run_id: "run_1" });
    expect(parseFeedMessage('{"type":"pong"}')).toBeNull();
    expect(parseFeedMessage("nonsense")).toBeNull();
  });
});

describe("applyFeedMessage", () => {
  it("lists changes newest first, each linking back to its run", () => {
    const state = apply(STARTED, message("run_1", "running", 1), message("run_1", "waiting", 2));
    expect(state.recent.map((entry) => [entry.runId, entry.status])).toEqual([
      ["run_1", "waiting"],
      ["run_1", "running"],
    ]);
    expect(state.recent[0]?.waitReason).toBe("approval");
  });

  it("moves a run's count from its previous status to the new one", () => {
    const state = apply(STARTED, message("run_1", "running", 1), message("run_1", "completed", 2));
    expect(state.counts).toEqual({ running: 1, completed: 6 });
  });

  it("leaves counts alone for a run first seen in the feed (the stats refetch settles those)", () => {
    const state = apply(STARTED, message("run_9", "failed"));
    expect(state.counts).toEqual({ running: 2, completed: 5 });
    expect(state.known.run_9).toBe("failed");
  });

  it("ignores a repeated message", () => {
    const once = apply(STARTED, message("run_1", "running"), message("run_1", "completed", 1));
    expect(apply(once, message("run_1", "completed", 1))).toBe(once);
  });

  it("never counts below zero", () => {
    const state = apply(
      withStats(INITIAL_FEED, { counts: {}, total: 0 }),
      message("r", "running"),
      message("r", "failed", 1),
    );
    expect(state.counts).toEqual({ running: 0, failed: 1 });
  });

  it("keeps the newest changes only", () => {
    const many = Array.from({ length: MAX_FEED_ENTRIES + 3 }, (_, i) => message(`run_${i}`, "running", i));
    const state = apply(STARTED, ...many);
    expect(state.recent).toHaveLength(MAX_FEED_ENTRIES);
    expect(state.recent[0]?.runId).toBe(`run_${MAX_FEED_ENTRIES + 2}`);
  });

  it("collects changes before the stats arrive, then counts from the stats", () => {
    const early = apply(INITIAL_FEED, message("run_1", "running"), message("run_1", "completed", 1));
    expect(early.counts).toBeNull();
    const counted = withStats(early, { counts: { completed: 1 }, total: 1 });
    expect(counted.counts).toEqual({ completed: 1 });
    expect(counted.recent).toHaveLength(2);
  });
});

describe("countTiles", () => {
  it("shows the main statuses even at zero, the rare ones only when used, each linking to the filtered list", () => {
    const tiles = countTiles({ running: 2, paused: 1 });
    expect(tiles.map((tile) => tile.status)).toEqual([
      "running",
      "waiting",
      "queued",
      "paused",
      "completed",
      "failed",
      "canceled",
    ]);
    expect(tiles[0]).toEqual({ status: "running", label: "Running", count: 2, href: "/runs?status=running" });
    expect(tiles.find((tile) => tile.status === "paused")?.href).toBe("/runs");
  });
});
