import { describe, expect, it } from "vitest";
import { chunk, createPlanner, type DueScheduleRow, planSchedule } from "./cron-plan";

const at = (iso: string) => Date.parse(iso);

function row(overrides: Partial<DueScheduleRow>): DueScheduleRow {
  return {
    id: "sch_1",
    orgId: "org_1",
    workflowId: "wf_1",
    cron: "0 9 * * *",
    timezone: "UTC",
    missedRunPolicy: "skip",
    nextRunAt: at("2026-03-01T09:00:00Z"),
    ...overrides,
  };
}

describe("planSchedule", () => {
  it("fires an on-time schedule once and moves it to the next day", () => {
    const plan = planSchedule(row({}), at("2026-03-01T09:00:00Z"));
    expect(plan).toMatchObject({
      kind: "claim",
      expectedNextRunAt: at("2026-03-01T09:00:00Z"),
      fire: at("2026-03-01T09:00:00Z"),
      nextRunAt: at("2026-03-02T09:00:00Z"),
      missed: false,
    });
  });

  it("plans the same claim for two ticks of the same minute (only one compare-and-set can hold)", () => {
    const now = at("2026-03-01T09:00:00Z");
    expect(planSchedule(row({}), now)).toEqual(planSchedule(row({}), now));
  });

  it("keeps 09:00 local across Berlin's spring-forward (08:00Z, then 07:00Z)", () => {
    const plan = planSchedule(
      row({ timezone: "Europe/Berlin", nextRunAt: at("2026-03-28T08:00:00Z") }),
      at("2026-03-28T08:00:00Z"),
    );
    expect(plan).toMatchObject({ fire: at("2026-03-28T08:00:00Z"), nextRunAt: at("2026-03-29T07:00:00Z") });
  });

  it("reads Sao Paulo's 09:00 as 12:00Z", () => {
    const plan = planSchedule(
      row({ timezone: "America/Sao_Paulo", nextRunAt: at("2026-06-10T12:00:00Z") }),
      at("2026-06-10T12:00:30Z"),
    );
    expect(plan).toMatchObject({ fire: at("2026-06-10T12:00:00Z"), nextRunAt: at("2026-06-11T12:00:00Z") });
  });

  it("after downtime, skip drops the missed times and run_once starts one run for the latest", () => {
    const now = at("2026-03-04T10:30:00Z");
    const skip = planSchedule(row({ missedRunPolicy: "skip" }), now);
    expect(skip).toMatchObject({ kind: "claim", fire: null, missed: true, nextRunAt: at("2026-03-05T09:00:00Z") });
    const once = planSchedule(row({ missedRunPolicy: "run_once" }), now);
    expect(once).toMatchObject({
      fire: at("2026-03-04T09:00:00Z"),
      missed: true,
      nextRunAt: at("2026-03-05T09:00:00Z"),
    });
  });

  it("disables a schedule whose stored zone no longer parses, instead of failing every tick", () => {
    const plan = planSchedule(row({ timezone: "Mars/Olympus" }), at("2026-03-01T09:00:00Z"));
    expect(plan).toMatchObject({ kind: "disable", expectedNextRunAt: at("2026-03-01T09:00:00Z") });
    if (plan.kind === "disable") expect(plan.reason).toContain("Mars/Olympus");
  });
});

describe("createPlanner", () => {
  it("gives every row the same plan planSchedule would, each with its own row", () => {
    const now = at("2026-03-01T09:00:10Z");
    const plan = createPlanner(now);
    const rows = [
      row({ id: "sch_a" }),
      row({ id: "sch_b" }),
      row({ id: "sch_c", nextRunAt: at("2026-02-27T09:00:00Z") }),
    ];
    for (const r of rows) expect(plan(r)).toEqual(planSchedule(r, now));
    expect(plan(rows[1] as DueScheduleRow).row.id).toBe("sch_b");
  });
});

describe("chunk", () => {
  it("splits into bounded chunks and refuses a size below 1", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 100)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
