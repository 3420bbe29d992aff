import { describe, expect, it } from "vitest";
import { taskDirectory } from "./task.ts";

describe("task directory", () => {
  it("runs in the base directory, or in the task's workdir below it", () => {
    expect(taskDirectory("/srv/jobs", null)).toBe("/srv/jobs");
    expect(taskDirectory("/srv/jobs", "site/a")).toBe("/srv/jobs/site/a");
  });

  it("refuses a workdir that escapes the base directory", () => {
    expect(() => taskDirectory("/srv/jobs", "../etc")).toThrow(/escapes/);
    expect(() => taskDirectory("/srv/jobs", "/etc")).toThrow(/escapes/);
  });
});
