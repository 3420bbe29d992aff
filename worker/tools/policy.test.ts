import { describe, expect, it } from "vitest";
import { lockedBy, type PolicyLevels, parseSystemPolicies, resolvePolicy, resolveToolLimit } from "./policy";

describe("resolvePolicy", () => {
  const cases: { name: string; key: string; levels: PolicyLevels; expected: [string, string, string | null] }[] = [
    { name: "nothing set → default allow", key: "gh/issues", levels: {}, expected: ["allow", "default", null] },
    {
      name: "system wildcard applies",
      key: "gh/issues",
      levels: { system: { "*": "ask" } },
      expected: ["ask", "system", "*"],
    },
    {
      name: "exact beats server wildcard within a level",
      key: "gh/issues",
      levels: { org: { "gh/*": "deny", "gh/issues": "allow", "*": "ask" } },
      expected: ["allow", "org", "gh/issues"],
    },
    {
      name: "server wildcard beats *",
      key: "gh/issues",
      levels: { org: { "gh/*": "ask", "*": "deny" } },
      expected: ["ask", "org", "gh/*"],
    },
    {
      name: "org overrides a system ASK",
      key: "gh/issues",
      levels: { system: { "gh/issues": "ask" }, org: { "*": "allow" } },
      expected: ["allow", "org", "*"],
    },
    {
      name: "workflow overrides org",
      key: "gh/issues",
      levels: { org: { "gh/issues": "deny" }, workflow: { "gh/*": "allow" } },
      expected: ["allow", "workflow", "gh/*"],
    },
    {
      name: "run overrides workflow",
      key: "gh/issues",
      levels: { workflow: { "gh/issues": "allow" }, run: { "*": "ask" } },
      expected: ["ask", "run", "*"],
    },
    {
      name: "a system DENY can't be overridden by run, workflow or org",
      key: "gh/delete",
      levels: {
        system: { "gh/delete": "deny" },
        org: { "gh/delete": "allow" },
        workflow: { "gh/delete": "allow" },
        run: { "gh/delete": "allow" },
      },
      expected: ["deny", "system", "gh/delete"],
    },
    {
      name: "a system server-wide DENY covers every tool of the server",
      key: "gh/issues",
      levels: { system: { "gh/*": "deny" }, run: { "gh/issues": "allow" } },
      expected: ["deny", "system", "gh/*"],
    },
    {
      name: "a more specific system ALLOW under a system * DENY is not denied",
      key: "builtin/json_query",
      levels: { system: { "*": "deny", "builtin/json_query": "allow" } },
      expected: ["allow", "system", "builtin/json_query"],
    },
    {
      name: "other servers' patterns don't match",
      key: "gh/issues",
      levels: { org: { "jira/*": "deny", "gh/other": "deny" } },
      expected: ["allow", "default", null],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = resolvePolicy(c.key, c.levels);
      expect([got.decision, got.source, got.pattern]).toEqual(c.expected);
    });
  }
});

describe("lockedBy", () => {
  it("locks patterns under a system DENY and leaves others free", () => {
    const system = { "gh/*": "deny", "jira/create": "deny", "*": "ask" } as const;
    expect(lockedBy("gh/issues", system)).toBe("gh/*");
    expect(lockedBy("gh/*", system)).toBe("gh/*");
    expect(lockedBy("jira/create", system)).toBe("jira/create");
    expect(lockedBy("jira/*", system)).toBeNull();
    expect(lockedBy("*", system)).toBeNull();
    expect(lockedBy("*", { "*": "deny" })).toBe("*");
  });
});

describe("parseSystemPolicies", () => {
  it("reads a JSON map and drops invalid decisions with a warning", () => {
    const { policies, warnings } = parseSystemPolicies('{"*":"ASK","gh/delete":"deny","x/y":"maybe"}');
    expect(policies).toEqual({ "*": "ask", "gh/delete": "deny" });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("x/y");
  });
  it("treats empty, invalid JSON and non-objects as no policies", () => {
    expect(parseSystemPolicies(undefined).policies).toEqual({});
    expect(parseSystemPolicies("{}").warnings).toEqual([]);
    expect(parseSystemPolicies("not json").warnings[0]).toContain("not valid JSON");
    expect(parseSystemPolicies("[]").warnings[0]).toContain("JSON object");
  });
});

describe("resolveToolLimit", () => {
  const org = { "calc/add": 2, "calc/*": 10, "*": 500 };

  it("picks the most specific org pattern with a limit: exact > server/* > *", () => {
    expect(resolveToolLimit("calc/add", org)).toEqual({
      pattern: "calc/add",
      limit_per_min: 2,
      source: "org",
      bucket: "calc/add",
    });
    expect(resolveToolLimit("calc/echo", org)).toMatchObject({ pattern: "calc/*", limit_per_min: 10 });
    expect(resolveToolLimit("gh/issues", org)).toMatchObject({ pattern: "*", limit_per_min: 500 });
  });

  it("counts a wildcard's tools together: the bucket is the pattern, not the tool", () => {
    expect(resolveToolLimit("calc/echo", org)?.bucket).toBe("calc/*");
    expect(resolveToolLimit("calc/sub", org)?.bucket).toBe("calc/*");
    expect(resolveToolLimit("gh/issues", org)?.bucket).toBe("*");
  });

  it("is null when no pattern carries a limit", () => {
    expect(resolveToolLimit("gh/issues", { "calc/*": 10 })).toBeNull();
    expect(resolveToolLimit("gh/issues", undefined)).toBeNull();
    expect(resolveToolLimit("gh/issues", {})).toBeNull();
  });

  describe("a tool's default limit (builtin/http_get)", () => {
    const defaults = { "builtin/http_get": 60 };

    it("applies when the org sets nothing on the tool or its server", () => {
      expect(resolveToolLimit("builtin/http_get", {}, defaults)).toEqual({
        pattern: "builtin/http_get",
        limit_per_min: 60,
        source: "default",
        bucket: "builtin/http_get",
      });
    });

    it("is replaced by an org limit on the tool or on its server", () => {
      expect(resolveToolLimit("builtin/http_get", { "builtin/http_get": 5 }, defaults)).toMatchObject({
        limit_per_min: 5,
        source: "org",
      });
      expect(resolveToolLimit("builtin/http_get", { "builtin/*": 600 }, defaults)).toMatchObject({
        pattern: "builtin/*",
        limit_per_min: 600,
        source: "org",
      });
    });

    it("is not lifted by an org-wide * budget, and only limits its own tool", () => {
      expect(resolveToolLimit("builtin/http_get", { "*": 10_000 }, defaults)).toMatchObject({
        limit_per_min: 60,
        source: "default",
      });
      expect(resolveToolLimit("builtin/json_query", {}, defaults)).toBeNull();
      expect(resolveToolLimit("builtin/json_query", { "*": 7 }, defaults)).toMatchObject({ pattern: "*" });
    });
  });
});
