import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/api";
import { issuesOf, mapIssues, noIssues, pathSegments } from "./rjsf-errors";

describe("pathSegments", () => {
  it("reads dotted, slashed and bracketed paths alike", () => {
    expect(pathSegments("records.0.name")).toEqual(["records", "0", "name"]);
    expect(pathSegments("/records/0/name")).toEqual(["records", "0", "name"]);
    expect(pathSegments("records[0].name")).toEqual(["records", "0", "name"]);
    expect(pathSegments("")).toEqual([]);
  });
});

describe("mapIssues", () => {
  it("puts input issues under their fields, with or without the inputs prefix, nested into arrays", () => {
    const mapped = mapIssues(
      [
        { path: "inputs.zone_id", message: "Required" },
        { path: "records.0.name", message: "Too short" },
        { path: "records.0.name", message: "Invalid" },
      ],
      [],
    );
    expect(mapped.form).toEqual({
      zone_id: { __errors: ["Required"] },
      records: { 0: { name: { __errors: ["Too short", "Invalid"] } } },
    });
    expect(mapped.general).toEqual([]);
  });

  it("sends connection issues to the slot's picker, and unknown slots to the general list", () => {
    const mapped = mapIssues(
      [
        { path: "connections.cloudflare", message: "No such connection" },
        { path: "connections.github", message: "Not allowed" },
      ],
      ["cloudflare"],
    );
    expect(mapped.connections).toEqual({ cloudflare: "No such connection" });
    expect(mapped.general).toEqual(["Connection “github”: Not allowed"]);
    expect(mapped.form).toEqual({});
  });

  it("lists issues about the whole request above the form", () => {
    const mapped = mapIssues(
      [
        { path: "", message: "Body must be an object" },
        { path: "inputs", message: "Unexpected property" },
        { path: "dry_run", message: "Not supported" },
      ],
      [],
    );
    expect(mapped.general).toEqual(["Body must be an object", "Unexpected property", "Dry run: Not supported"]);
    expect(noIssues(mapped)).toBe(false);
    expect(noIssues(mapIssues([], []))).toBe(true);
  });
});

describe("issuesOf", () => {
  it("reads the issues of a validation error and nothing else", () => {
    const issues = [{ path: "zone_id", message: "Required" }];
    expect(issuesOf(new ApiError(400, "validation_failed", "Invalid", "r", { issues }))).toEqual(issues);
    expect(issuesOf(new ApiError(404, "runbook_not_found", "No such runbook", "r"))).toBeNull();
    expect(issuesOf(new ApiError(400, "validation_failed", "Invalid", "r", { issues: "x" }))).toBeNull();
    expect(issuesOf(new Error("boom"))).toBeNull();
  });
});
