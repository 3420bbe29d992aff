import { describe, expect, it } from "vitest";
import type { WorkflowSummary } from "../../../../worker/contracts/workflows";
import {
  catalogQuery,
  EMPTY_FILTERS,
  parseTags,
  publishableWorkflows,
  ratingText,
  starsOf,
  toggleTag,
  versionChoices,
} from "./catalog";

describe("catalogQuery", () => {
  it("leaves out empty filters", () => {
    expect(catalogQuery(EMPTY_FILTERS, undefined)).toEqual({});
  });

  it("sends search, category, tags, sort and cursor", () => {
    expect(catalogQuery({ q: "  invoices ", category: "runbooks", tags: ["a", "b"], sort: "rating" }, "c1")).toEqual({
      q: "invoices",
      category: "runbooks",
      tags: "a,b",
      sort: "rating",
      cursor: "c1",
    });
  });
});

describe("toggleTag", () => {
  it("adds a missing tag and removes a present one", () => {
    expect(toggleTag(["a"], "b")).toEqual(["a", "b"]);
    expect(toggleTag(["a", "b"], "a")).toEqual(["b"]);
  });
});

describe("stars and rating text", () => {
  it("draws full, half and empty stars", () => {
    expect(starsOf(3.5)).toEqual(["full", "full", "full", "half", "empty"]);
    expect(starsOf(0)).toEqual(["empty", "empty", "empty", "empty", "empty"]);
    expect(starsOf(4.8)).toEqual(["full", "full", "full", "full", "full"]);
  });

  it("says how many reviews there are", () => {
    expect(ratingText(0, 0)).toBe("No reviews yet");
    expect(ratingText(4, 1)).toBe("4.0 (1 review)");
    expect(ratingText(3.67, 3)).toBe("3.7 (3 reviews)");
  });
});

describe("publishing choices", () => {
  const wf = (id: string, latest: number, status: "active" | "archived" = "active") =>
    ({ id, latest_version: latest, status }) as WorkflowSummary;

  it("offers only active workflows with a published version", () => {
    expect(publishableWorkflows([wf("a", 0), wf("b", 2), wf("c", 1, "archived")]).map((w) => w.id)).toEqual(["b"]);
  });

  it("lists versions newest first", () => {
    expect(versionChoices(3)).toEqual([3, 2, 1]);
    expect(versionChoices(0)).toEqual([]);
  });

  it("parses typed tags", () => {
    expect(parseTags(" Finance, billing,,finance ")).toEqual(["finance", "billing"]);
  });
});
