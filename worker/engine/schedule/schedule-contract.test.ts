// Tests of worker/contracts/schedule.ts; they live here because this brief owns only that one file
// under worker/contracts/.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { ScheduleInput, ScheduleResponse } from "../../contracts/schedule";

describe("ScheduleInput", () => {
  it("defaults enabled to true and the missed-run policy to skip", () => {
    expect(ScheduleInput.parse({ cron: "0 9 * * *", timezone: "Europe/Berlin" })).toEqual({
      cron: "0 9 * * *",
      timezone: "Europe/Berlin",
      enabled: true,
      missed_run_policy: "skip",
    });
  });

  it("reports a bad cron and a bad zone as two issues on their own fields", () => {
    const result = ScheduleInput.safeParse({ cron: "0 0 * * * *", timezone: "Mars/Olympus", enabled: true });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => ({ path: i.path.join("."), message: i.message })) ?? [];
    expect(issues).toEqual([
      { path: "cron", message: expect.stringContaining("seconds and years are not supported") },
      { path: "timezone", message: expect.stringContaining('Unknown time zone "Mars/Olympus"') },
    ]);
  });

  it("refuses an unknown missed-run policy and a missing cron without crashing", () => {
    const result = ScheduleInput.safeParse({ timezone: "UTC", missed_run_policy: "catch_up" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["cron", "missed_run_policy"]);
  });
});

describe("ScheduleResponse", () => {
  const body = {
    cron: "0 9 * * *",
    timezone: "Europe/Berlin",
    enabled: false,
    missed_run_policy: "run_once",
    description: "At 09:00",
    next_runs: [
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
      "2026-04-01T07:00:00.000Z",
    ],
    next_run_at: null,
    last_scheduled_run: null,
  };

  it("accepts a disabled schedule with no next run yet", () => {
    expect(ScheduleResponse.parse(body)).toEqual(body);
  });

  it("requires exactly five ISO next runs", () => {
    expect(ScheduleResponse.safeParse({ ...body, next_runs: body.next_runs.slice(0, 4) }).success).toBe(false);
    expect(
      ScheduleResponse.safeParse({ ...body, next_runs: [...body.next_runs.slice(0, 4), "tomorrow"] }).success,
    ).toBe(false);
  });
});

describe("OpenAPI", () => {
  it("renders both schemas as components of the generated document", () => {
    const app = new OpenAPIHono();
    const route = createRoute({
      method: "put",
      path: "/api/v1/workflows/{id}/schedule",
      request: { body: { content: { "application/json": { schema: ScheduleInput } } } },
      responses: {
        200: { description: "The schedule", content: { "application/json": { schema: ScheduleResponse } } },
      },
    });
    app.openapi(route, (c) => c.json(ScheduleResponse.parse({}), 200));
    const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    const schemas = doc.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["ScheduleInput", "Schedule"]));
    expect(JSON.stringify(schemas.Schedule)).toContain('"format":"date-time"');
    expect(JSON.stringify(schemas.ScheduleInput)).toContain('"enum":["skip","run_once"]');
  });
});
