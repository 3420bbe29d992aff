import { describe, expect, it } from "vitest";
import {
  countText,
  NO_RUN_FILTERS,
  runFiltersFromParams,
  runFiltersToParams,
  runsQuery,
  startableWorkflows,
  workflowNames,
} from "./runs-query";

describe("run filters", () => {
  it("round-trips through the address, leaving defaults out", () => {
    const filters = { status: "failed" as const, workflowId: "wf_1" };
    const params = runFiltersToParams(filters);
    expect(params.toString()).toBe("status=failed&workflow=wf_1");
    expect(runFiltersFromParams(params)).toEqual(filters);
    expect(runFiltersToParams(NO_RUN_FILTERS).toString()).toBe("");
  });

  it("shows everything for unknown values in the address", () => {
    expect(runFiltersFromParams(new URLSearchParams("status=exploded"))).toEqual(NO_RUN_FILTERS);
  });

  it("makes the GET /runs query with the cursor of the next page", () => {
    expect(runsQuery(NO_RUN_FILTERS)).toEqual({ limit: "25" });
    expect(runsQuery({ status: "waiting", workflowId: "wf_1" }, "abc")).toEqual({
      status: "waiting",
      workflow_id: "wf_1",
      cursor: "abc",
      limit: "25",
    });
  });
});

describe("workflow lookups", () => {
  const workflows = [
    { id: "wf_b", name: "Zeta", status: "active" as const, latest_version: 2 },
    { id: "wf_draft", name: "Draft only", status: "active" as const, latest_version: 0 },
    { id: "wf_old", name: "Archived", status: "archived" as const, latest_version: 3 },
    { id: "wf_a", name: "Approved deploy", status: "active" as const, latest_version: 1 },
  ];

  it("offers only active, published workflows to start, by name", () => {
    expect(startableWorkflows(workflows).map((w) => w.id)).toEqual(["wf_a", "wf_b"]);
  });

  it("names every workflow, archived ones too (old runs still show their name)", () => {
    const names = workflowNames(workflows);
    expect(names.get("wf_old")).toBe("Archived");
    expect(names.get("wf_missing")).toBeUndefined();
  });
});

describe("countText", () => {
  it("shows the count, with a plus when more pages wait", () => {
    expect(countText(3, false)).toBe("3");
    expect(countText(50, true)).toBe("50+");
  });
});
