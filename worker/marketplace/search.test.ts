import { describe, expect, it } from "vitest";
import { effectiveSort, normaliseTags, toFtsQuery } from "./search";

describe("toFtsQuery", () => {
  it("quotes each word, ORs them, and matches the last as a prefix", () => {
    expect(toFtsQuery("Deploy approvals")).toBe('"deploy" OR "approvals"*');
  });

  it("turns FTS5 syntax and hostile input into plain words", () => {
    expect(toFtsQuery('title:"x" AND NEAR(a b) * -c ^d')).toBe(
      '"title" OR "x" OR "and" OR "near" OR "a" OR "b" OR "c" OR "d"*',
    );
    expect(toFtsQuery('"unbalanced')).toBe('"unbalanced"*');
    expect(toFtsQuery("'; DROP TABLE marketplace_items; --")).toBe('"drop" OR "table" OR "marketplace" OR "items"*');
  });

  it("returns null when there is nothing to search", () => {
    expect(toFtsQuery("")).toBeNull();
    expect(toFtsQuery("  ***  ")).toBeNull();
  });

  it("keeps letters beyond ASCII and drops duplicate words", () => {
    expect(toFtsQuery("Übersicht übersicht café")).toBe('"übersicht" OR "café"*');
  });

  it("caps the number of words", () => {
    const query = toFtsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "));
    expect(query?.split(" OR ")).toHaveLength(12);
  });
});

describe("normaliseTags", () => {
  it("trims, lower-cases and de-duplicates", () => {
    expect(normaliseTags([" HTTP", "http", "Events", ""])).toEqual(["http", "events"]);
  });
});

describe("effectiveSort", () => {
  it("defaults to relevance when searching and newest otherwise", () => {
    expect(effectiveSort(undefined, true)).toBe("relevance");
    expect(effectiveSort(undefined, false)).toBe("newest");
    expect(effectiveSort("relevance", false)).toBe("newest");
    expect(effectiveSort("rating", true)).toBe("rating");
  });
});
