import { describe, expect, it } from "vitest";
import { type CronSchedule, nextFireTime, parseSchedule } from "./cron";
import { dueOccurrences, type MissedRunPolicy, scheduleIdempotencyKey } from "./due";

function schedule(cron: string, timezone: string): CronSchedule {
  const parsed = parseSchedule({ cron, timezone });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.schedule;
}

const at = (iso: string) => new Date(iso);
const isoList = (dates: Date[]) => dates.map((d) => d.toISOString());

/**
 * Runs the minute Cron Trigger from `from` to `to` (one tick per minute, fixed clock) the way the
 * scheduler does: each tick asks what is due and stores the new next_run_at. Returns every due time
 * a run was started for.
 */
function tickEveryMinute(sched: CronSchedule, from: string, to: string, policy: MissedRunPolicy): string[] {
  const fired: string[] = [];
  let nextRunAt = nextFireTime(sched, new Date(at(from).getTime() - 1));
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += 60_000) {
    const due = dueOccurrences(sched, { next_run_at: nextRunAt, now: new Date(t), policy });
    fired.push(...isoList(due.fire));
    nextRunAt = due.next_run_at;
  }
  return fired;
}

describe("dueOccurrences on time", () => {
  const berlin = schedule("0 9 * * *", "Europe/Berlin");

  it("does nothing before next_run_at and keeps it", () => {
    const nextRunAt = at("2026-03-29T07:00:00Z");
    const due = dueOccurrences(berlin, { next_run_at: nextRunAt, now: at("2026-03-29T06:59:00Z"), policy: "skip" });
    expect(due).toEqual({ fire: [], next_run_at: nextRunAt, missed: false });
  });

  it("fires the due time and advances across spring-forward (08:00Z CET → 07:00Z CEST)", () => {
    const due = dueOccurrences(berlin, {
      next_run_at: at("2026-03-28T08:00:00Z"),
      now: at("2026-03-28T08:00:00Z"),
      policy: "skip",
    });
    expect(isoList(due.fire)).toEqual(["2026-03-28T08:00:00.000Z"]);
    expect(due.next_run_at.toISOString()).toBe("2026-03-29T07:00:00.000Z");
    expect(due.missed).toBe(false);
  });

  it("still fires under skip when the tick is up to 60 s late, and not after that", () => {
    const nextRunAt = at("2026-05-04T07:00:00Z");
    const late = (seconds: number) =>
      dueOccurrences(berlin, {
        next_run_at: nextRunAt,
        now: new Date(nextRunAt.getTime() + seconds * 1000),
        policy: "skip",
      });
    expect(isoList(late(30).fire)).toEqual(["2026-05-04T07:00:00.000Z"]);
    expect(isoList(late(60).fire)).toEqual(["2026-05-04T07:00:00.000Z"]);
    expect(late(61)).toMatchObject({ fire: [], missed: true });
    expect(late(61).next_run_at.toISOString()).toBe("2026-05-05T07:00:00.000Z");
  });

  it("accepts a custom grace and refuses a negative one", () => {
    const input = { next_run_at: at("2026-05-04T07:00:00Z"), now: at("2026-05-04T07:04:00Z"), policy: "skip" as const };
    expect(dueOccurrences(berlin, { ...input, grace_ms: 300_000 }).fire).toHaveLength(1);
    expect(() => dueOccurrences(berlin, { ...input, grace_ms: -1 })).toThrow(RangeError);
  });
});

describe("missed runs after a 3-hour downtime", () => {
  const hourly = schedule("0 * * * *", "Europe/Berlin");
  const quarter = schedule("*/15 * * * *", "Europe/Berlin");
  const daily = schedule("0 9 * * *", "Europe/Berlin"); // 07:00Z in summer

  it("skip: an hourly schedule back at 12:00:20Z runs only 12:00, not 09:00–11:00", () => {
    const due = dueOccurrences(hourly, {
      next_run_at: at("2026-06-01T09:00:00Z"),
      now: at("2026-06-01T12:00:20Z"),
      policy: "skip",
    });
    expect(isoList(due.fire)).toEqual(["2026-06-01T12:00:00.000Z"]);
    expect(due.next_run_at.toISOString()).toBe("2026-06-01T13:00:00.000Z");
    expect(due.missed).toBe(true);
  });

  it("skip: back at 12:10Z, nothing runs and the schedule resumes at 13:00Z", () => {
    const due = dueOccurrences(hourly, {
      next_run_at: at("2026-06-01T09:00:00Z"),
      now: at("2026-06-01T12:10:00Z"),
      policy: "skip",
    });
    expect(due.fire).toEqual([]);
    expect(due.next_run_at.toISOString()).toBe("2026-06-01T13:00:00.000Z");
    expect(due.missed).toBe(true);
  });

  it("skip: a daily 09:00 missed by downtime 06:00Z–09:00Z doesn't run late", () => {
    const due = dueOccurrences(daily, {
      next_run_at: at("2026-06-01T07:00:00Z"),
      now: at("2026-06-01T09:00:00Z"),
      policy: "skip",
    });
    expect(due.fire).toEqual([]);
    expect(due.next_run_at.toISOString()).toBe("2026-06-02T07:00:00.000Z");
  });

  it("run_once: the same daily schedule runs once, for the missed 09:00", () => {
    const due = dueOccurrences(daily, {
      next_run_at: at("2026-06-01T07:00:00Z"),
      now: at("2026-06-01T09:00:00Z"),
      policy: "run_once",
    });
    expect(isoList(due.fire)).toEqual(["2026-06-01T07:00:00.000Z"]);
    expect(due.next_run_at.toISOString()).toBe("2026-06-02T07:00:00.000Z");
    expect(due.missed).toBe(false);
  });

  it("run_once: twelve missed quarter hours start one run, for the latest", () => {
    const due = dueOccurrences(quarter, {
      next_run_at: at("2026-06-01T09:15:00Z"),
      now: at("2026-06-01T12:07:00Z"),
      policy: "run_once",
    });
    expect(isoList(due.fire)).toEqual(["2026-06-01T12:00:00.000Z"]);
    expect(due.next_run_at.toISOString()).toBe("2026-06-01T12:15:00.000Z");
    expect(due.missed).toBe(true);
  });

  it("a tick after downtime finds the latest due time without walking every missed one", () => {
    const everyMinute = schedule("* * * * *", "Europe/Berlin");
    const due = dueOccurrences(everyMinute, {
      next_run_at: at("2025-06-01T00:00:00Z"),
      now: at("2026-06-01T12:00:30Z"),
      policy: "run_once",
    });
    expect(isoList(due.fire)).toEqual(["2026-06-01T12:00:00.000Z"]);
    expect(due.next_run_at.toISOString()).toBe("2026-06-01T12:01:00.000Z");
  });
});

describe("minute ticks across Berlin DST nights", () => {
  const night = schedule("30 2 * * *", "Europe/Berlin");

  it.each(["skip", "run_once"] as const)("30 2 * * * fires once on spring-forward night (%s)", (policy) => {
    expect(tickEveryMinute(night, "2026-03-28T22:00:00Z", "2026-03-29T06:00:00Z", policy)).toEqual([
      "2026-03-29T01:00:00.000Z",
    ]);
  });

  it.each(["skip", "run_once"] as const)("30 2 * * * fires once on fall-back night (%s)", (policy) => {
    expect(tickEveryMinute(night, "2026-10-24T22:00:00Z", "2026-10-25T06:00:00Z", policy)).toEqual([
      "2026-10-25T00:30:00.000Z",
    ]);
  });

  it("*/15 fires every real quarter hour through the repeated hour, each due time once", () => {
    const quarter = schedule("*/15 * * * *", "Europe/Berlin");
    const fired = tickEveryMinute(quarter, "2026-10-24T23:00:00Z", "2026-10-25T02:59:00Z", "skip");
    expect(fired).toHaveLength(16); // four real hours: 01:00 CEST to 03:45 CET, with 02:xx twice
    expect(new Set(fired).size).toBe(16);
  });
});

describe("no double start", () => {
  const berlin = schedule("0 9 * * *", "Europe/Berlin");

  it("two overlapping ticks that read the same next_run_at produce the same idempotency key", () => {
    const input = { next_run_at: at("2026-05-04T07:00:00Z"), now: at("2026-05-04T07:00:00Z"), policy: "skip" as const };
    const keys = [dueOccurrences(berlin, input), dueOccurrences(berlin, input)].map((due) =>
      due.fire.map((d) => scheduleIdempotencyKey("sch_1", d)),
    );
    expect(keys).toEqual([["schedule:sch_1:2026-05-04T07:00:00.000Z"], ["schedule:sch_1:2026-05-04T07:00:00.000Z"]]);
  });

  it("a tick after the advance finds nothing due", () => {
    const first = dueOccurrences(berlin, {
      next_run_at: at("2026-05-04T07:00:00Z"),
      now: at("2026-05-04T07:00:00Z"),
      policy: "run_once",
    });
    const second = dueOccurrences(berlin, {
      next_run_at: first.next_run_at,
      now: at("2026-05-04T07:01:00Z"),
      policy: "run_once",
    });
    expect(second.fire).toEqual([]);
  });

  it("honours a stored next_run_at the cron no longer matches (edited schedule)", () => {
    const due = dueOccurrences(schedule("0 10 * * *", "UTC"), {
      next_run_at: at("2026-05-04T09:00:00Z"),
      now: at("2026-05-04T09:00:00Z"),
      policy: "skip",
    });
    expect(isoList(due.fire)).toEqual(["2026-05-04T09:00:00.000Z"]);
    expect(due.next_run_at.toISOString()).toBe("2026-05-04T10:00:00.000Z");
  });

  it("refuses an invalid date instead of computing garbage", () => {
    expect(() =>
      dueOccurrences(berlin, { next_run_at: new Date("nope"), now: at("2026-05-04T07:00:00Z"), policy: "skip" }),
    ).toThrow(RangeError);
  });
});
