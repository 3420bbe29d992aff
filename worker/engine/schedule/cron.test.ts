import { describe, expect, it } from "vitest";
import {
  type CronSchedule,
  describeCron,
  lastFireTimeAtOrBefore,
  nextFireTime,
  nextFireTimes,
  parseCron,
  parseSchedule,
} from "./cron";

/** Parses or fails the test; every time below is a fixed instant, never the clock. */
function schedule(cron: string, timezone: string): CronSchedule {
  const parsed = parseSchedule({ cron, timezone });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.schedule;
}

function iso(dates: Date[]): string[] {
  return dates.map((d) => d.toISOString());
}

describe("0 9 * * * in America/Sao_Paulo (UTC-3, no DST since 2019)", () => {
  const sp = schedule("0 9 * * *", "America/Sao_Paulo");

  it("fires at 12:00Z in the southern summer and winter alike", () => {
    expect(iso(nextFireTimes(sp, new Date("2026-01-10T00:00:00Z"), 2))).toEqual([
      "2026-01-10T12:00:00.000Z",
      "2026-01-11T12:00:00.000Z",
    ]);
    expect(iso(nextFireTimes(sp, new Date("2026-07-10T00:00:00Z"), 2))).toEqual([
      "2026-07-10T12:00:00.000Z",
      "2026-07-11T12:00:00.000Z",
    ]);
  });

  it("uses real zone data: while Brazil still had DST (Dec 2018) 09:00 was 11:00Z", () => {
    expect(nextFireTime(sp, new Date("2018-12-01T00:00:00Z")).toISOString()).toBe("2018-12-01T11:00:00.000Z");
  });
});

describe("0 9 * * * in Europe/Berlin across DST", () => {
  const berlin = schedule("0 9 * * *", "Europe/Berlin");

  it("moves from 08:00Z (CET) to 07:00Z (CEST) on the 2026-03-29 spring-forward", () => {
    expect(iso(nextFireTimes(berlin, new Date("2026-03-27T00:00:00Z"), 4))).toEqual([
      "2026-03-27T08:00:00.000Z",
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
    ]);
  });

  it("moves back to 08:00Z on the 2026-10-25 fall-back", () => {
    expect(iso(nextFireTimes(berlin, new Date("2026-10-23T00:00:00Z"), 4))).toEqual([
      "2026-10-23T07:00:00.000Z",
      "2026-10-24T07:00:00.000Z",
      "2026-10-25T08:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
    ]);
  });
});

describe("30 2 * * * in Europe/Berlin on DST days", () => {
  const night = schedule("30 2 * * *", "Europe/Berlin");

  it("spring-forward: 02:30 doesn't exist, so it fires once when the clock jumps (03:00 CEST = 01:00Z)", () => {
    expect(iso(nextFireTimes(night, new Date("2026-03-28T00:00:00Z"), 3))).toEqual([
      "2026-03-28T01:30:00.000Z", // 02:30 CET
      "2026-03-29T01:00:00.000Z", // the jump from 02:00 CET to 03:00 CEST
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("fall-back: 02:30 happens twice, it fires once, at the first (02:30 CEST = 00:30Z)", () => {
    expect(iso(nextFireTimes(night, new Date("2026-10-24T12:00:00Z"), 2))).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("treats a list of fixed times the same way: 02:30 fires once on fall-back day", () => {
    const twice = schedule("30 2,14 * * *", "Europe/Berlin");
    expect(iso(nextFireTimes(twice, new Date("2026-10-24T23:00:00Z"), 3))).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T13:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("finds the same fire times searching backwards", () => {
    expect(lastFireTimeAtOrBefore(night, new Date("2026-10-25T03:00:00Z"))?.toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    expect(lastFireTimeAtOrBefore(night, new Date("2026-03-29T03:00:00Z"))?.toISOString()).toBe(
      "2026-03-29T01:00:00.000Z",
    );
  });
});

describe("interval expressions follow real time through DST", () => {
  it("*/15 gives the next five quarter hours, strictly after the start", () => {
    const quarter = schedule("*/15 * * * *", "Europe/Berlin");
    expect(iso(nextFireTimes(quarter, new Date("2026-05-10T10:07:30Z"), 5))).toEqual([
      "2026-05-10T10:15:00.000Z",
      "2026-05-10T10:30:00.000Z",
      "2026-05-10T10:45:00.000Z",
      "2026-05-10T11:00:00.000Z",
      "2026-05-10T11:15:00.000Z",
    ]);
    expect(nextFireTime(quarter, new Date("2026-05-10T10:15:00.000Z")).toISOString()).toBe("2026-05-10T10:30:00.000Z");
    expect(nextFireTime(quarter, new Date("2026-05-10T10:15:00.500Z")).toISOString()).toBe("2026-05-10T10:30:00.000Z");
  });

  it("*/30 runs every 30 real minutes through the repeated hour on fall-back night", () => {
    const half = schedule("*/30 * * * *", "Europe/Berlin");
    const times = nextFireTimes(half, new Date("2026-10-24T23:45:00Z"), 8).map((d) => d.getTime());
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps).toEqual(Array(7).fill(30 * 60_000));
  });

  it("*/15 skips no real time at spring-forward: 01:45 CET is followed by 03:00 CEST", () => {
    const quarter = schedule("*/15 * * * *", "Europe/Berlin");
    expect(iso(nextFireTimes(quarter, new Date("2026-03-29T00:40:00Z"), 2))).toEqual([
      "2026-03-29T00:45:00.000Z",
      "2026-03-29T01:00:00.000Z",
    ]);
  });
});

describe("parseCron", () => {
  it.each([
    ["0 0 * * * *", /6 fields, seconds and years are not supported/],
    ["* * * * * * *", /7 fields/],
    ["garbage", /"garbage": it has 1 field, fields are missing; use 5 fields/],
    ["* * * *", /4 fields/],
    ["61 * * * *", /"61 \* \* \* \*": minutes part must be >= 0 and <= 59/],
    ["0 24 * * *", /hours part must be >= 0 and <= 23/],
    ["0 9 * 13 *", /month part must be >= 1 and <= 12/],
    ["0 9 * * 0/2", /stepping with numeric prefix/],
    ["0 9 * * +MON", /invalid values: '\+'/],
    ["@reboot", /@reboot is not supported/],
    ["@every 5m", /Unknown cron alias "@every 5m": use one of @yearly/],
    ["0 0 30 2 *", /never fires/],
    ["   ", /A cron expression is required/],
    [`${"1,".repeat(70)}1 * * * *`, /too long/],
  ])("refuses %j with a clear invalid_cron error", (input, message) => {
    const parsed = parseCron(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe("invalid_cron");
    expect(parsed.error.message).toMatch(message);
  });

  it("normalises whitespace and alias case, and describes the result", () => {
    expect(parseCron("  0   9 * *\t1-5 ")).toEqual({
      ok: true,
      cron: "0 9 * * 1-5",
      description: "At 09:00, Monday through Friday",
    });
    expect(parseCron("@DAILY")).toEqual({ ok: true, cron: "@daily", description: "At 00:00" });
  });

  it.each([
    ["@hourly", "Every hour"],
    ["@daily", "At 00:00"],
    ["@weekly", "At 00:00, only on Sunday"],
    ["@monthly", "At 00:00, on day 1 of the month"],
    ["@yearly", "At 00:00, on day 1 of the month, only in January"],
    ["0 0 29 2 *", "At 00:00, on day 29 of the month, only in February"],
  ])("accepts %j", (input, description) => {
    expect(parseCron(input)).toEqual({ ok: true, cron: input, description });
  });
});

describe("parseSchedule", () => {
  it("fires aliases in the schedule's zone: @daily in Sao Paulo is 03:00Z", () => {
    const daily = schedule("@daily", "America/Sao_Paulo");
    expect(nextFireTime(daily, new Date("2026-06-01T12:00:00Z")).toISOString()).toBe("2026-06-02T03:00:00.000Z");
  });

  it("returns the normalised cron, the zone and the description", () => {
    const parsed = parseSchedule({ cron: " 0 9 * * 1-5", timezone: "europe/berlin" });
    expect(parsed).toEqual({
      ok: true,
      schedule: { cron: "0 9 * * 1-5", timezone: "Europe/Berlin", description: "At 09:00, Monday through Friday" },
    });
  });

  it("refuses an unknown time zone with invalid_timezone", () => {
    expect(parseSchedule({ cron: "0 9 * * *", timezone: "Mars/Olympus" })).toEqual({
      ok: false,
      error: { code: "invalid_timezone", message: expect.stringContaining('Unknown time zone "Mars/Olympus"') },
    });
  });

  it("reports the cron first when both are wrong", () => {
    const parsed = parseSchedule({ cron: "61 * * * *", timezone: "Mars/Olympus" });
    expect(parsed.ok || parsed.error.code).toBe("invalid_cron");
  });
});

describe("describeCron", () => {
  it("describes valid expressions with a 24-hour clock", () => {
    expect(describeCron("30 14 * * *")).toBe("At 14:30");
    expect(describeCron("*/15 * * * *")).toBe("Every 15 minutes");
  });

  it("throws on an invalid expression", () => {
    expect(() => describeCron("61 * * * *")).toThrow(RangeError);
  });
});

describe("argument checks", () => {
  const daily = schedule("0 9 * * *", "UTC");

  it("returns no times for count 0 and refuses a bad count or date", () => {
    expect(nextFireTimes(daily, new Date("2026-01-01T00:00:00Z"), 0)).toEqual([]);
    expect(() => nextFireTimes(daily, new Date("2026-01-01T00:00:00Z"), -1)).toThrow(RangeError);
    expect(() => nextFireTimes(daily, new Date("2026-01-01T00:00:00Z"), 1.5)).toThrow(RangeError);
    expect(() => nextFireTimes(daily, new Date("not a date"), 1)).toThrow(RangeError);
  });

  it("counts a fire time exactly at the reference as at-or-before it", () => {
    const at = new Date("2026-01-01T09:00:00.000Z");
    expect(lastFireTimeAtOrBefore(daily, at)?.toISOString()).toBe("2026-01-01T09:00:00.000Z");
    expect(lastFireTimeAtOrBefore(daily, new Date(at.getTime() - 1))?.toISOString()).toBe("2025-12-31T09:00:00.000Z");
  });
});
