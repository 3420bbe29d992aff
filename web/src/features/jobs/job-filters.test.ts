import { describe, expect, it } from "vitest";
import { jobFiltersFromParams, jobFiltersToParams, jobsQuery, NO_JOB_FILTERS, parseJobStatus } from "./job-filters";

describe("job filters", () => {
  it("round-trips through the address, leaving defaults out", () => {
    const filters = { runbook: "cloudflare_dns_bulk", status: "failed" as const };
    const params = jobFiltersToParams(filters);
    expect(params.toString()).toBe("runbook=cloudflare_dns_bulk&status=failed");
    expect(jobFiltersFromParams(params)).toEqual(filters);
    expect(jobFiltersToParams(NO_JOB_FILTERS).toString()).toBe("");
  });

  it("shows every job for a status it doesn't know", () => {
    expect(parseJobStatus("exploded")).toBe("");
    expect(parseJobStatus(null)).toBe("");
    expect(jobFiltersFromParams(new URLSearchParams("status=nope&runbook=%20x%20"))).toEqual({
      runbook: "x",
      status: "",
    });
  });

  it("makes the list query with a page size and the cursor of the next page", () => {
    expect(jobsQuery(NO_JOB_FILTERS)).toEqual({ limit: "25" });
    expect(jobsQuery({ runbook: "cloudflare_dns_bulk", status: "waiting" }, "cur_2")).toEqual({
      runbook: "cloudflare_dns_bulk",
      status: "waiting",
      limit: "25",
      cursor: "cur_2",
    });
  });
});
