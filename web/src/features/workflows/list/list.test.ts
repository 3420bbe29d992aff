import { describe, expect, it } from "vitest";
import { filtersFromParams, filtersToParams, listQuery, PAGE_SIZE, tagChips } from "./list-filters";
import { exportFileName, readWorkflowFile } from "./workflow-file";

describe("list filters", () => {
  it("round-trips through the URL and leaves defaults out", () => {
    const filters = { q: "sync", tag: "http", archived: true };
    expect(filtersToParams(filters).toString()).toBe("q=sync&tag=http&archived=1");
    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
    expect(filtersToParams({ q: "  ", tag: null, archived: false }).toString()).toBe("");
    expect(filtersFromParams(new URLSearchParams())).toEqual({ q: "", tag: null, archived: false });
  });

  it("asks the API for active or archived workflows, with the cursor of the next page", () => {
    expect(listQuery({ q: "", tag: null, archived: false }, undefined)).toEqual({
      status: "active",
      limit: String(PAGE_SIZE),
    });
    expect(listQuery({ q: " a ", tag: "t", archived: true }, "c1")).toEqual({
      q: "a",
      tag: "t",
      status: "archived",
      limit: String(PAGE_SIZE),
      cursor: "c1",
    });
  });

  it("offers every loaded tag once, sorted, and keeps the active one", () => {
    expect(tagChips([{ tags: ["b", "a"] }, { tags: ["a"] }], null)).toEqual(["a", "b"]);
    expect(tagChips([], "gone")).toEqual(["gone"]);
  });
});

describe("workflow files", () => {
  const file = { format: "fluxo.workflow", format_version: 1, name: "Sync", graph: { nodes: [], edges: [] } };

  it("reads an export and fills in defaults", () => {
    expect(readWorkflowFile(JSON.stringify(file))).toEqual({
      ok: true,
      file: { ...file, description: "", tags: [] },
    });
  });

  it("explains why a file can't be imported", () => {
    const notJson = readWorkflowFile("{oops");
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.error).toMatch(/^This file is not JSON/);
    const wrong = readWorkflowFile(JSON.stringify({ ...file, format: "n8n" }));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error).toMatch(/^This is not a Fluxo workflow export \(format: /);
  });

  it("names downloads safely", () => {
    expect(exportFileName("Sync users / nightly")).toBe("Sync-users-nightly.fluxo.json");
    expect(exportFileName("???")).toBe("workflow.fluxo.json");
  });
});
