import { describe, expect, it } from "vitest";
import { isEventType, isSubscription, matchesAny, matchesSubscription, normalizeSubscriptions } from "./subscriptions";

describe("matchesSubscription", () => {
  it("matches exact types", () => {
    expect(matchesSubscription("run.completed", "run.completed")).toBe(true);
    expect(matchesSubscription("run.completed", "run.failed")).toBe(false);
  });

  it("matches everything with *", () => {
    expect(matchesSubscription("*", "run.completed")).toBe(true);
    expect(matchesSubscription("*", "invoice_paid")).toBe(true);
  });

  it("matches prefix wildcards on whole segments only", () => {
    expect(matchesSubscription("run.*", "run.completed")).toBe(true);
    expect(matchesSubscription("run.*", "run.step.failed")).toBe(true);
    expect(matchesSubscription("run.*", "run")).toBe(false);
    expect(matchesSubscription("run.*", "runs.completed")).toBe(false);
    expect(matchesSubscription("run.*", "step.failed")).toBe(false);
  });

  it("lets invalid patterns match nothing", () => {
    expect(matchesSubscription("run*", "run.completed")).toBe(false);
    expect(matchesSubscription("*.completed", "run.completed")).toBe(false);
    expect(matchesSubscription("Run.Completed", "Run.Completed")).toBe(false);
  });

  it("matchesAny is true when one subscription matches", () => {
    expect(matchesAny(["step.failed", "approval.*"], "approval.requested")).toBe(true);
    expect(matchesAny(["step.failed", "approval.*"], "run.failed")).toBe(false);
    expect(matchesAny([], "run.failed")).toBe(false);
  });
});

describe("validation", () => {
  it("knows event types and subscriptions", () => {
    expect(isEventType("billing.invoice-paid")).toBe(true);
    expect(isEventType("has space")).toBe(false);
    expect(isEventType("x".repeat(101))).toBe(false);
    expect(isSubscription("*")).toBe(true);
    expect(isSubscription("run.*")).toBe(true);
    expect(isSubscription(".*")).toBe(false);
    expect(isSubscription("**")).toBe(false);
  });

  it("stores subscriptions sorted without duplicates", () => {
    expect(normalizeSubscriptions(["run.*", "*", "run.*", " step.failed "])).toEqual(["*", "run.*", "step.failed"]);
  });
});
