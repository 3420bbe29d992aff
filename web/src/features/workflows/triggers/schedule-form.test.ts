import { describe, expect, it } from "vitest";
import { initialScheduleForm, missedRunLabel, scheduleFormChanged } from "./schedule-form";

const SAVED = { cron: "0 9 * * *", timezone: "Europe/Berlin", enabled: false, missed_run_policy: "run_once" } as const;

describe("schedule form values", () => {
  it("starts a new schedule empty, in the browser's zone, enabled, skipping missed runs", () => {
    expect(initialScheduleForm(null, "Asia/Tokyo")).toEqual({
      cron: "",
      timezone: "Asia/Tokyo",
      enabled: true,
      missed_run_policy: "skip",
    });
  });

  it("starts from the saved schedule, ignoring the browser's zone", () => {
    expect(initialScheduleForm(SAVED, "Asia/Tokyo")).toEqual(SAVED);
  });

  it("counts only real edits as changes (extra spaces in the expression are not)", () => {
    expect(scheduleFormChanged({ ...SAVED, cron: " 0  9 * * * " }, SAVED)).toBe(false);
    expect(scheduleFormChanged({ ...SAVED, timezone: "UTC" }, SAVED)).toBe(true);
    expect(scheduleFormChanged({ ...SAVED, enabled: true }, SAVED)).toBe(true);
    expect(scheduleFormChanged({ ...SAVED, missed_run_policy: "skip" }, SAVED)).toBe(true);
  });

  it("treats an unsaved schedule as changed", () => {
    expect(scheduleFormChanged(initialScheduleForm(null, "UTC"), null)).toBe(true);
  });
});

describe("missedRunLabel", () => {
  it("names both policies", () => {
    expect(missedRunLabel("skip")).toBe("Skip missed runs");
    expect(missedRunLabel("run_once")).toBe("Run once for missed runs");
  });
});
