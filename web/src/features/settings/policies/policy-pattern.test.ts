import { describe, expect, it } from "vitest";
import {
  checkPattern,
  lockedPolicyFor,
  orgPolicyOn,
  type PolicyRow,
  serverLabels,
  serverPattern,
} from "./policy-pattern";

const rows: PolicyRow[] = [
  { pattern: "calc/delete_everything", decision: "deny", rate_limit_per_min: null, scope: "system", locked: true },
  { pattern: "danger/*", decision: "deny", rate_limit_per_min: null, scope: "system", locked: true },
  { pattern: "calc/add", decision: "deny", rate_limit_per_min: null, scope: "org", locked: false },
  { pattern: "calc/*", decision: "ask", rate_limit_per_min: null, scope: "org", locked: false },
  { pattern: "*", decision: "ask", rate_limit_per_min: null, scope: "system", locked: false },
];

describe("checkPattern", () => {
  it("accepts a tool, a whole server and everything", () => {
    expect(checkPattern(" calc/add ")).toEqual({ ok: true, pattern: "calc/add" });
    expect(checkPattern("calc/*")).toEqual({ ok: true, pattern: "calc/*" });
    expect(checkPattern("*")).toEqual({ ok: true, pattern: "*" });
    expect(checkPattern("builtin/json_query")).toEqual({ ok: true, pattern: "builtin/json_query" });
  });

  it("explains what is wrong with a bad pattern", () => {
    expect(checkPattern("add")).toEqual({ ok: false, message: "Write server/tool, server/* or *" });
    expect(checkPattern("")).toEqual({ ok: false, message: "Write server/tool, server/* or *" });
    expect(checkPattern("Calc/add")).toEqual({ ok: false, message: "“Calc” is not a server label" });
    expect(checkPattern("calc/a b")).toEqual({ ok: false, message: "A tool name is 1–128 letters, digits, _ . or -" });
    expect(checkPattern("calc/add/x").ok).toBe(false);
    expect(checkPattern("calc/ad*").ok).toBe(false);
    expect(checkPattern("calc/").ok).toBe(false);
  });
});

describe("which policy governs a tool", () => {
  it("finds the platform DENY that locks a tool, exact or by server", () => {
    expect(lockedPolicyFor("calc/delete_everything", rows)?.pattern).toBe("calc/delete_everything");
    expect(lockedPolicyFor("danger/anything", rows)?.pattern).toBe("danger/*");
    // An unlocked system policy (ASK on *) doesn't lock anything.
    expect(lockedPolicyFor("calc/add", rows)).toBeNull();
  });

  it("finds the org's own policy on a pattern, never a system one", () => {
    expect(orgPolicyOn("calc/add", rows)?.decision).toBe("deny");
    expect(orgPolicyOn(serverPattern("calc"), rows)?.decision).toBe("ask");
    expect(orgPolicyOn("calc/delete_everything", rows)).toBeNull();
    expect(orgPolicyOn("calc/echo", rows)).toBeNull();
  });

  it("lists the servers among tool keys", () => {
    expect(serverLabels(["calc/add", "builtin/http_get", "calc/echo"])).toEqual(["builtin", "calc"]);
  });
});
