import { describe, expect, it } from "vitest";
import { LineBatcher, LineSplitter, MAX_LINE, maskSecrets, Tail } from "./output.ts";

describe("line splitting", () => {
  it("keeps a partial line until its end arrives, and handles CRLF", () => {
    const s = new LineSplitter();
    expect(s.push("one\r\ntw")).toEqual(["one"]);
    expect(s.push("o\nthree")).toEqual(["two"]);
    expect(s.end()).toEqual(["three"]);
    expect(s.end()).toEqual([]);
  });

  it("cuts a line that never ends, so memory stays bounded", () => {
    const s = new LineSplitter();
    const lines = s.push("x".repeat(MAX_LINE + 10));
    expect(lines).toEqual(["x".repeat(MAX_LINE)]);
  });
});

describe("batching", () => {
  it("sends when enough lines wait, or when the oldest waited long enough", () => {
    const b = new LineBatcher(3, 300);
    expect(b.add({ stream: "stdout", line: "a", at: 0 }, 0)).toBe(false);
    expect(b.add({ stream: "stdout", line: "b", at: 0 }, 100)).toBe(false);
    expect(b.add({ stream: "stderr", line: "c", at: 0 }, 150)).toBe(true);
    expect(b.take().map((l) => l.line)).toEqual(["a", "b", "c"]);
    expect(b.due(10_000)).toBe(false);
    b.add({ stream: "stdout", line: "d", at: 0 }, 1_000);
    expect(b.due(1_200)).toBe(false);
    expect(b.due(1_300)).toBe(true);
    expect(b.take()).toHaveLength(1);
    expect(b.size).toBe(0);
  });
});

describe("secrets and tail", () => {
  it("masks secret values in output", () => {
    expect(maskSecrets("token=s3cr3t-value ok s3cr3t-value", ["s3cr3t-value"])).toBe("token=*** ok ***");
    // Very short values would mask half the output; they are left alone.
    expect(maskSecrets("a b c", ["a"])).toBe("a b c");
  });

  it("keeps only the end of the output", () => {
    const t = new Tail(5);
    t.push("hello ");
    t.push("world");
    expect(t.toString()).toBe("world");
  });
});
