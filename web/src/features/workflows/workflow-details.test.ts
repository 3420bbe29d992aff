import { describe, expect, it } from "vitest";
import { MAX_TAGS, parseTags, tagsProblem } from "./workflow-details";

describe("tags", () => {
  it("reads comma-separated tags without blanks or repeats", () => {
    expect(parseTags(" billing, sync,,billing ")).toEqual(["billing", "sync"]);
    expect(parseTags("")).toEqual([]);
  });

  it("explains what the API would refuse", () => {
    expect(tagsProblem(["a", "b"])).toBeNull();
    expect(tagsProblem(Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`))).toBe("Use at most 20 tags");
    expect(tagsProblem(["x".repeat(41)])).toMatch(/longer than 40 characters/);
  });
});
