import { afterEach, describe, expect, it } from "vitest";
import { testRunbook } from "../jobs/test-runbook";
import { BUILTIN_RUNBOOKS } from "./builtin";
import { getRunbook, listRunbooks, registerRunbook, validateRunbookInputs } from "./registry";

describe("runbook registry", () => {
  let unregister: (() => void) | undefined;
  afterEach(() => unregister?.());

  it("lists the built-ins and finds them by name", () => {
    expect(listRunbooks()).toEqual(BUILTIN_RUNBOOKS);
    for (const def of BUILTIN_RUNBOOKS) expect(getRunbook(def.name)).toBe(def);
    expect(getRunbook("no_such_runbook")).toBeNull();
  });

  it("adds a registered runbook after the built-ins until it is removed", () => {
    const def = testRunbook();
    unregister = registerRunbook(def);
    expect(listRunbooks().at(-1)).toBe(def);
    expect(getRunbook("test_echo")).toBe(def);
    unregister();
    expect(getRunbook("test_echo")).toBeNull();
  });
});

describe("validateRunbookInputs", () => {
  const def = testRunbook();

  it("accepts inputs that match the schema", () => {
    const inputs = { message: "hi", count: 2, tags: [{ name: "a" }] };
    expect(validateRunbookInputs(def, inputs)).toEqual({ ok: true, value: inputs });
  });

  it("puts each problem on the field it concerns", () => {
    const result = validateRunbookInputs(def, { count: 0, tags: [{}], extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i.message]));
    expect(byPath.message).toBe("This field is required");
    expect(byPath.count).toMatch(/less than 1/);
    expect(byPath["tags.0.name"]).toBe("This field is required");
    expect(byPath.extra).toMatch(/not part of the runbook's inputs/);
    // Summaries of deeper errors ("Property tags does not match schema") are not repeated.
    expect(result.issues.every((i) => !/does not match/.test(i.message))).toBe(true);
  });

  it("refuses inputs that are not an object", () => {
    expect(validateRunbookInputs(def, ["x"])).toEqual({
      ok: false,
      issues: [{ path: "", message: "The inputs must be an object" }],
    });
  });
});
