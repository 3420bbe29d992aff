import { describe, expect, it } from "vitest";
import { schedulePreview } from "./schedule-preview";
import { formatInZone } from "./time-zones";

const NOW = new Date("2026-03-27T12:00:00.000Z");

describe("schedulePreview", () => {
  it("describes a valid schedule and lists its next five fire times in UTC", () => {
    const preview = schedulePreview({ cron: "0 9 * * *", timezone: "Europe/Berlin" }, NOW);
    if (!preview.ok) throw new Error("expected a preview");
    expect(preview.description).toBe("At 09:00");
    expect(preview.nextRuns).toHaveLength(5);
    // Across the spring-forward night (29 March) 09:00 Berlin moves from 08:00 to 07:00 UTC.
    expect(preview.nextRuns.slice(0, 3)).toEqual([
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
    ]);
    for (const run of preview.nextRuns) expect(formatInZone(run, "Europe/Berlin")).toMatch(/ 09:00$/);
  });

  it("reports a bad expression and a bad zone each on its own field", () => {
    const preview = schedulePreview({ cron: "0 9 * *", timezone: "Mars/Olympus" }, NOW);
    if (preview.ok) throw new Error("expected errors");
    expect(preview.errors.cron).toMatch(/4 fields/);
    expect(preview.errors.timezone).toMatch(/Mars\/Olympus/);
  });

  it("reports only the field that is wrong", () => {
    const preview = schedulePreview({ cron: "*/15 * * * *", timezone: "Nowhere/City" }, NOW);
    if (preview.ok) throw new Error("expected errors");
    expect(preview.errors.cron).toBeUndefined();
    expect(preview.errors.timezone).toBeDefined();
  });

  it("refuses an expression that never fires", () => {
    const preview = schedulePreview({ cron: "0 0 30 2 *", timezone: "UTC" }, NOW);
    expect(preview.ok).toBe(false);
  });
});
