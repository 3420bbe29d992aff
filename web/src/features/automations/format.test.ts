import { describe, expect, it } from "vitest";
import {
  formatEventTypes,
  isInFlight,
  parseEventTypes,
  STATUS_LABELS,
  statusTone,
  untilText,
  waitedText,
} from "./format";

describe("delivery status", () => {
  it("labels and colours every status", () => {
    expect(STATUS_LABELS.succeeded).toBe("Delivered");
    expect(STATUS_LABELS.dead).toBe("Failed");
    expect(statusTone("succeeded")).toBe("ok");
    expect(statusTone("dead")).toBe("error");
    expect(statusTone("failed_retrying")).toBe("warn");
    expect(statusTone("pending")).toBe("info");
  });

  it("knows which statuses can still change", () => {
    expect(["pending", "delivering", "failed_retrying"].every((s) => isInFlight(s as never))).toBe(true);
    expect(isInFlight("succeeded") || isInFlight("dead")).toBe(false);
  });
});

describe("event types as text", () => {
  it("splits on commas, spaces and new lines, without duplicates", () => {
    expect(parseEventTypes("run.*, step.failed\napproval.requested run.*")).toEqual([
      "run.*",
      "step.failed",
      "approval.requested",
    ]);
  });

  it("means everything when left empty", () => {
    expect(parseEventTypes("  ")).toEqual(["*"]);
  });

  it("round-trips", () => {
    expect(parseEventTypes(formatEventTypes(["run.*", "step.failed"]))).toEqual(["run.*", "step.failed"]);
  });
});

describe("timing text", () => {
  const now = Date.parse("2026-01-15T10:00:00Z");
  it("says when the next attempt is due", () => {
    expect(untilText(null, now)).toBeNull();
    expect(untilText("2026-01-15T09:59:00Z", now)).toBe("now");
    expect(untilText("2026-01-15T10:00:45Z", now)).toBe("in 45 s");
    expect(untilText("2026-01-15T10:05:00Z", now)).toBe("in 5 min");
    expect(untilText("2026-01-15T16:00:00Z", now)).toBe("in 6 h");
  });

  it("says how long an attempt waited before its retry", () => {
    expect(waitedText("2026-01-15T10:00:00Z", null)).toBeNull();
    expect(waitedText("2026-01-15T10:00:00Z", "2026-01-15T10:01:00Z")).toBe("60 s");
    expect(waitedText("2026-01-15T10:00:00Z", "2026-01-15T10:15:00Z")).toBe("15 min");
    expect(waitedText("2026-01-15T10:00:00Z", "2026-01-15T16:00:00Z")).toBe("6 h");
  });
});
