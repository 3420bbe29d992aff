import { describe, expect, it } from "vitest";
import { initialNextRunAt, mustParse, toScheduleResponse } from "./schedule-view";

const NOW = Date.parse("2026-03-27T12:00:00Z");

describe("toScheduleResponse", () => {
  it("describes the expression and lists the next 5 fire times in UTC, across a DST change", () => {
    const view = toScheduleResponse(
      {
        cron: "0 9 * * *",
        timezone: "Europe/Berlin",
        enabled: true,
        missedRunPolicy: "skip",
        nextRunAt: Date.parse("2026-03-28T08:00:00Z"),
        lastScheduledRun: null,
      },
      NOW,
    );
    expect(view.description).toBe("At 09:00");
    expect(view.next_runs).toEqual([
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
      "2026-04-01T07:00:00.000Z",
    ]);
    expect(view.next_run_at).toBe("2026-03-28T08:00:00.000Z");
    expect(view.last_scheduled_run).toBeNull();
  });

  it("shows no next_run_at while disabled, but still the upcoming times", () => {
    const view = toScheduleResponse(
      {
        cron: "@hourly",
        timezone: "UTC",
        enabled: false,
        missedRunPolicy: "run_once",
        nextRunAt: null,
        lastScheduledRun: NOW,
      },
      NOW,
    );
    expect(view.next_run_at).toBeNull();
    expect(view.next_runs[0]).toBe("2026-03-27T13:00:00.000Z");
    expect(view.last_scheduled_run).toBe("2026-03-27T12:00:00.000Z");
  });
});

describe("initialNextRunAt", () => {
  it("is the first fire time after now when enabled, null when disabled", () => {
    const schedule = mustParse({ cron: "0 9 * * *", timezone: "America/Sao_Paulo" });
    expect(initialNextRunAt(schedule, true, NOW)).toBe(Date.parse("2026-03-28T12:00:00Z"));
    expect(initialNextRunAt(schedule, false, NOW)).toBeNull();
  });
});
