import { describe, expect, it } from "vitest";
import { maskLines, maskText } from "./secrets";

const SECRET = "s3cr3t-token-value-123";

describe("maskLines", () => {
  it("replaces every occurrence of a secret in every line, keeping stream and time", () => {
    const masked = maskLines(
      [
        { stream: "stdout", line: `token=${SECRET} and again ${SECRET}`, at: 5 },
        { stream: "stderr", line: "nothing secret here" },
      ],
      [SECRET],
    );
    expect(masked).toEqual([
      { stream: "stdout", line: "token=[redacted] and again [redacted]", at: 5 },
      { stream: "stderr", line: "nothing secret here" },
    ]);
  });

  it("leaves lines alone when the task has no connection secrets", () => {
    const lines = [{ stream: "stdout" as const, line: `token=${SECRET}` }];
    expect(maskLines(lines, [])).toEqual(lines);
  });
});

describe("maskText", () => {
  it("masks the stdout tail and keeps a missing tail missing", () => {
    expect(maskText(`done with ${SECRET}`, [SECRET])).toBe("done with [redacted]");
    expect(maskText(undefined, [SECRET])).toBeUndefined();
  });
});
