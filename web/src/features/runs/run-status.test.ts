import { describe, expect, it } from "vitest";
import {
  anyLiveRun,
  isLiveRun,
  parseStatusFilter,
  progressTone,
  RUN_STATUS_LOOK,
  STEP_LEGEND,
  STEP_STATUS_LOOK,
  stepStatuses,
  waitReasonText,
} from "./run-status";

describe("run statuses", () => {
  it("keeps polling live runs and stops at completed, failed and canceled", () => {
    expect(
      ["queued", "running", "waiting", "needs_review", "paused", "ready"].every((s) => isLiveRun(s as never)),
    ).toBe(true);
    expect(["completed", "failed", "canceled"].some((s) => isLiveRun(s as never))).toBe(false);
    expect(anyLiveRun([{ status: "completed" }, { status: "waiting" }])).toBe(true);
    expect(anyLiveRun([{ status: "completed" }, { status: "failed" }])).toBe(false);
    expect(anyLiveRun([])).toBe(false);
  });

  it("labels and colours statuses the way people read them", () => {
    expect(RUN_STATUS_LOOK.failed).toEqual({ label: "Failed", tone: "error" });
    expect(RUN_STATUS_LOOK.completed.tone).toBe("ok");
    expect(RUN_STATUS_LOOK.needs_review.label).toBe("Needs review");
    expect(STEP_STATUS_LOOK.waiting).toEqual({ label: "Waiting", tone: "warn", className: "step-waiting" });
    expect(STEP_LEGEND).toHaveLength(Object.keys(STEP_STATUS_LOOK).length);
  });

  it("colours the progress bar by outcome", () => {
    expect(progressTone("failed")).toBe("error");
    expect(progressTone("completed")).toBe("ok");
    expect(progressTone("running")).toBe("info");
  });

  it("says what a waiting run waits for, even for reasons it doesn't know", () => {
    expect(waitReasonText("approval")).toBe("waiting for approval");
    expect(waitReasonText("concurrency")).toBe("waiting for a free slot");
    expect(waitReasonText("quorum")).toBe("waiting (quorum)");
    expect(waitReasonText(null)).toBeNull();
  });

  it("reads the status filter from the address, ignoring unknown values", () => {
    expect(parseStatusFilter("failed")).toBe("failed");
    expect(parseStatusFilter("exploded")).toBe("all");
    expect(parseStatusFilter(null)).toBe("all");
  });

  it("maps steps to node statuses for the graph", () => {
    expect(
      stepStatuses([
        { node_id: "a", status: "succeeded" },
        { node_id: "b", status: "skipped" },
      ]),
    ).toEqual({ a: "succeeded", b: "skipped" });
  });
});
