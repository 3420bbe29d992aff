import { describe, expect, it } from "vitest";
import { IllegalTransitionError } from "./errors";
import {
  assertRunTransition,
  assertStepTransition,
  canTransitionRun,
  canTransitionStep,
  isTerminalRunStatus,
  isTerminalStepStatus,
  RunStatus,
  StepStatus,
} from "./states";

// The expected tables, written out independently of the implementation: every pair not listed is refused.
const RUN_ALLOWED = new Set([
  "queued>running",
  "queued>waiting",
  "queued>canceled",
  "running>completed",
  "running>failed",
  "running>canceled",
  "running>needs_review",
  "running>waiting",
  "running>paused",
  "needs_review>ready",
  "needs_review>canceled",
  "ready>running",
  "ready>canceled",
  "waiting>running",
  "waiting>paused",
  "waiting>failed",
  "waiting>canceled",
  "paused>running",
  "paused>waiting",
  "paused>failed",
  "paused>canceled",
]);

const STEP_ALLOWED = new Set([
  "pending>running",
  "pending>skipped",
  "pending>canceled",
  "running>succeeded",
  "running>failed",
  "running>waiting",
  "running>pending",
  "running>canceled",
  "waiting>running",
  "waiting>pending",
  "waiting>succeeded",
  "waiting>failed",
  "waiting>canceled",
]);

describe("run transition table", () => {
  for (const from of RunStatus.options) {
    for (const to of RunStatus.options) {
      const allowed = RUN_ALLOWED.has(`${from}>${to}`);
      it(`${allowed ? "allows" : "refuses"} ${from} → ${to}`, () => {
        expect(canTransitionRun(from, to)).toBe(allowed);
        if (allowed) expect(() => assertRunTransition(from, to)).not.toThrow();
        else expect(() => assertRunTransition(from, to)).toThrow(IllegalTransitionError);
      });
    }
  }

  it("lets a queued run wait only for a concurrency slot", () => {
    expect(canTransitionRun("queued", "waiting", "concurrency")).toBe(true);
    expect(canTransitionRun("queued", "waiting", "approval")).toBe(false);
    expect(canTransitionRun("running", "waiting", "approval")).toBe(true);
  });

  it("reaches canceled from every non-terminal state and leaves no terminal state", () => {
    for (const status of RunStatus.options) {
      if (isTerminalRunStatus(status)) {
        for (const to of RunStatus.options) expect(canTransitionRun(status, to)).toBe(false);
      } else {
        expect(canTransitionRun(status, "canceled")).toBe(true);
      }
    }
    expect(RunStatus.options.filter(isTerminalRunStatus)).toEqual(["completed", "failed", "canceled"]);
  });

  it("names the refused move in the error", () => {
    expect(() => assertRunTransition("completed", "running")).toThrow("Illegal run transition completed → running");
  });
});

describe("step transition table", () => {
  for (const from of StepStatus.options) {
    for (const to of StepStatus.options) {
      const allowed = STEP_ALLOWED.has(`${from}>${to}`);
      it(`${allowed ? "allows" : "refuses"} ${from} → ${to}`, () => {
        expect(canTransitionStep(from, to)).toBe(allowed);
        if (allowed) expect(() => assertStepTransition(from, to)).not.toThrow();
        else expect(() => assertStepTransition(from, to, "fetch")).toThrow(IllegalTransitionError);
      });
    }
  }

  it("cancels any non-terminal step; terminal steps stay put", () => {
    for (const status of StepStatus.options) {
      if (isTerminalStepStatus(status))
        expect(StepStatus.options.some((to) => canTransitionStep(status, to))).toBe(false);
      else expect(canTransitionStep(status, "canceled")).toBe(true);
    }
  });
});
