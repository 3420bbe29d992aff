import { describe, expect, it } from "vitest";
import { checkLimit, limitLabel, limitText, policyWrite } from "./policy-limit";
import type { PolicyRow } from "./policy-pattern";

const row = (decision: PolicyRow["decision"], rate_limit_per_min: number | null): PolicyRow => ({
  pattern: "calc/add",
  decision,
  rate_limit_per_min,
  scope: "org",
  locked: false,
});

describe("checkLimit", () => {
  it("reads empty as no limit and a whole number as calls per minute", () => {
    expect(checkLimit("")).toEqual({ ok: true, limit: null });
    expect(checkLimit("   ")).toEqual({ ok: true, limit: null });
    expect(checkLimit(" 30 ")).toEqual({ ok: true, limit: 30 });
    expect(checkLimit("1")).toEqual({ ok: true, limit: 1 });
    expect(checkLimit("100000")).toEqual({ ok: true, limit: 100_000 });
  });

  it("refuses what the API would refuse, saying what is expected", () => {
    for (const text of ["0", "100001", "2.5", "-3", "ten", "1e3"]) {
      const check = checkLimit(text);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toContain("1 to 100,000");
    }
  });
});

describe("limitText and limitLabel", () => {
  it("show no limit as an empty field and a dash", () => {
    expect(limitText(null)).toBe("");
    expect(limitText(undefined)).toBe("");
    expect(limitText(60)).toBe("60");
    expect(limitLabel(null)).toBe("—");
    expect(limitLabel(undefined)).toBe("—");
    expect(limitLabel(1500)).toBe("1,500 / min");
  });
});

describe("policyWrite", () => {
  it("sets a limit on a tool without a policy as a limit-only row", () => {
    expect(policyWrite("calc/add", null, { limit: 2 })).toEqual({
      kind: "put",
      pattern: "calc/add",
      decision: null,
      rate_limit_per_min: 2,
    });
  });

  it("keeps the stored limit when the decision changes, and the decision when the limit changes", () => {
    expect(policyWrite("calc/add", row("ask", 30), { decision: "deny" })).toMatchObject({
      kind: "put",
      decision: "deny",
      rate_limit_per_min: 30,
    });
    expect(policyWrite("calc/add", row("ask", 30), { limit: null })).toMatchObject({
      kind: "put",
      decision: "ask",
      rate_limit_per_min: null,
    });
    // Back to Inherit with a limit left: the row stays, limit only.
    expect(policyWrite("calc/add", row("ask", 30), { decision: null })).toMatchObject({
      kind: "put",
      decision: null,
      rate_limit_per_min: 30,
    });
  });

  it("deletes the row when neither a decision nor a limit is left", () => {
    expect(policyWrite("calc/add", row("ask", null), { decision: null })).toEqual({
      kind: "delete",
      pattern: "calc/add",
    });
    expect(policyWrite("calc/add", row(null, 5), { limit: null })).toEqual({ kind: "delete", pattern: "calc/add" });
  });

  it("sends nothing when nothing changes or there is nothing to remove", () => {
    expect(policyWrite("calc/add", row("ask", 30), { limit: 30 })).toEqual({ kind: "none" });
    expect(policyWrite("calc/add", row("ask", null), { decision: "ask" })).toEqual({ kind: "none" });
    expect(policyWrite("calc/add", null, { decision: null, limit: null })).toEqual({ kind: "none" });
  });
});
