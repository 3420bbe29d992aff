import { describe, expect, it } from "vitest";
import {
  decodeLoose,
  encodeLoose,
  fieldOf,
  linesToList,
  listToLines,
  parseJsonText,
  parseNumberList,
  recordToRows,
  rowsToRecord,
  toJsonText,
  withField,
} from "./form-values";

describe("fields", () => {
  it("sets a field, and removes it when cleared", () => {
    expect(withField({ a: 1 }, "b", "x")).toEqual({ a: 1, b: "x" });
    expect(withField({ a: 1, b: 2 }, "a", undefined)).toEqual({ b: 2 });
    expect(withField(undefined, "a", 1)).toEqual({ a: 1 });
    expect(fieldOf({ a: 1 }, "a")).toBe(1);
    expect(fieldOf([1], "0")).toBeUndefined();
  });
});

describe("lists", () => {
  it("reads one entry per line, skipping blank lines", () => {
    expect(linesToList(" a \n\nb\n")).toEqual(["a", "b"]);
    expect(listToLines(["a", "b"])).toBe("a\nb");
    expect(listToLines(undefined)).toBe("");
  });

  it("reads numbers separated by commas or spaces and names the one that isn't", () => {
    expect(parseNumberList("200, 201 204")).toEqual({ ok: true, value: [200, 201, 204] });
    expect(parseNumberList("")).toEqual({ ok: true, value: [] });
    expect(parseNumberList("200, abc")).toEqual({ ok: false, error: '"abc" is not a number' });
  });
});

describe("JSON", () => {
  it("parses JSON, treats empty as unset, and explains errors", () => {
    expect(parseJsonText('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseJsonText("  ")).toEqual({ ok: true, value: undefined });
    const bad = parseJsonText('{"a": ');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^Not valid JSON/);
    expect(toJsonText(undefined)).toBe("");
    expect(toJsonText({ a: 1 })).toBe('{\n  "a": 1\n}');
  });

  it("shows record values as text and reads them back unchanged, whatever their type", () => {
    for (const value of ["Hello {{ input.name }}", "123", "true", "", 42, false, null, { a: [1] }, ["x"]]) {
      expect(decodeLoose(encodeLoose(value))).toEqual(value);
    }
    expect(encodeLoose("plain")).toBe("plain");
    expect(encodeLoose("123")).toBe('"123"');
  });
});

describe("record rows", () => {
  it("round-trips text records and JSON records", () => {
    const headers = { Accept: "application/json", "X-Count": "3" };
    expect(rowsToRecord(recordToRows(headers, "text"), "text")).toEqual(headers);
    const values = { n: 1, s: "{{ input.x }}", quoted: "1" };
    expect(recordToRows(values, "json")).toEqual([
      { key: "n", value: "1" },
      { key: "s", value: "{{ input.x }}" },
      { key: "quoted", value: '"1"' },
    ]);
    expect(rowsToRecord(recordToRows(values, "json"), "json")).toEqual(values);
  });

  it("leaves out rows without a key and keeps the last of repeated keys", () => {
    expect(
      rowsToRecord(
        [
          { key: "", value: "typing" },
          { key: "a", value: "1" },
          { key: "a", value: "2" },
        ],
        "text",
      ),
    ).toEqual({ a: "2" });
  });
});
