import { describe, expect, it } from "vitest";
import { parseCron } from "../../../../../worker/engine/schedule/cron";
import { presetFor, SCHEDULE_PRESETS } from "./schedule-presets";

describe("schedule presets", () => {
  it("offers the six presets the form lists, each a cron the API accepts", () => {
    expect(SCHEDULE_PRESETS.map((preset) => preset.label)).toEqual([
      "Every 15 minutes",
      "Hourly",
      "Daily at 09:00",
      "Weekdays at 09:00",
      "Weekly on Monday at 09:00",
      "Monthly on the 1st at 09:00",
    ]);
    for (const preset of SCHEDULE_PRESETS) expect(parseCron(preset.cron).ok).toBe(true);
  });

  it("recognises a preset's expression even with extra spaces", () => {
    expect(presetFor(" 0  9 * * 1-5 ")?.label).toBe("Weekdays at 09:00");
  });

  it("treats a hand-edited expression as custom", () => {
    expect(presetFor("0 10 * * *")).toBeUndefined();
    expect(presetFor("")).toBeUndefined();
  });
});
