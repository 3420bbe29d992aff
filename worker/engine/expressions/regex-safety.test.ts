import { describe, expect, it } from "vitest";
import { compileExpression, ExpressionError, isSafeRegex } from "./index";

describe("isSafeRegex", () => {
  it.each([
    "^\\d+(\\.\\d+)?$",
    "[a-z]+@[a-z]+\\.com",
    "(ab)+",
    "(a|b)*c",
    "^(?:https?)://[^/]+",
    "(?<year>\\d{4})-(?<month>\\d{2})",
    "[(+*]+",
    "a{2,5}",
  ])("accepts %s", (source) => {
    expect(isSafeRegex(source)).toBe(true);
  });

  it.each(["(a+)+$", "(a*)*b", "(\\w+\\s?)*$", "((ab)+c)*", "(x+x+)+y", "(a+){2,100}", "(.*a){12}"])(
    "refuses %s",
    (source) => {
      expect(isSafeRegex(source)).toBe(false);
    },
  );
});

describe("regex literals in expressions", () => {
  it("are refused at compile time when they could backtrack catastrophically", () => {
    try {
      compileExpression("$match(input.s, /(a+)+$/)");
      throw new Error("expected a syntax error");
    } catch (err) {
      expect(err).toBeInstanceOf(ExpressionError);
      expect((err as ExpressionError).code).toBe("expression_syntax");
      expect((err as ExpressionError).message).toContain("/(a+)+$/");
    }
  });

  it("are accepted when safe", () => {
    expect(compileExpression("$contains(input.s, /^[a-z]+$/)").ast.type).toBe("function");
  });
});
