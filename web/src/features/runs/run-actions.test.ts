import { describe, expect, it } from "vitest";
import type { RunDetail } from "../../../../worker/contracts/runs";
import { ApiError } from "../../lib/api";
import { canRerun, conflictStatus, parseOptionalInput, rerunOrigin, runControls } from "./run-actions";

const ALL = { control: true, start: true };
const VIEWER = { control: false, start: false };

describe("runControls", () => {
  it("offers Pause and Cancel on a running run, and on one waiting for a person", () => {
    expect(runControls({ status: "running", wait_reason: null }, ALL)).toEqual(["pause", "cancel"]);
    expect(runControls({ status: "waiting", wait_reason: "approval" }, ALL)).toEqual(["pause", "cancel"]);
  });

  it("doesn't offer Pause on a run still waiting for a concurrency slot", () => {
    expect(runControls({ status: "waiting", wait_reason: "concurrency" }, ALL)).toEqual(["cancel"]);
  });

  it("offers Resume on a paused run and the review form on a run preflight held back", () => {
    expect(runControls({ status: "paused", wait_reason: null }, ALL)).toEqual(["resume", "cancel"]);
    expect(runControls({ status: "needs_review", wait_reason: null }, ALL)).toEqual(["review", "cancel"]);
  });

  it("offers Retry only once the run has finished", () => {
    for (const status of ["completed", "failed", "canceled"] as const) {
      expect(runControls({ status, wait_reason: null }, ALL)).toEqual(["retry"]);
    }
    expect(runControls({ status: "queued", wait_reason: null }, ALL)).toEqual(["cancel"]);
  });

  it("shows nothing to a viewer, and only Retry to someone who may start but not control runs", () => {
    expect(runControls({ status: "running", wait_reason: null }, VIEWER)).toEqual([]);
    expect(runControls({ status: "failed", wait_reason: null }, VIEWER)).toEqual([]);
    expect(runControls({ status: "running", wait_reason: null }, { control: false, start: true })).toEqual([]);
    expect(runControls({ status: "failed", wait_reason: null }, { control: false, start: true })).toEqual(["retry"]);
  });
});

describe("canRerun", () => {
  it("allows a rerun of a finished run to people who may start runs", () => {
    expect(canRerun("failed", ALL)).toBe(true);
    expect(canRerun("running", ALL)).toBe(false);
    expect(canRerun("completed", { control: true, start: false })).toBe(false);
  });
});

describe("parseOptionalInput", () => {
  it("keeps the run's input when left empty", () => {
    expect(parseOptionalInput("  ")).toEqual({ ok: true, input: undefined });
  });

  it("reads a JSON object", () => {
    expect(parseOptionalInput('{"fail": false}')).toEqual({ ok: true, input: { fail: false } });
  });

  it("says what is wrong with broken JSON or a value that isn't an object", () => {
    const broken = parseOptionalInput("{fail: false");
    expect(broken.ok).toBe(false);
    expect(broken.ok === false && broken.error).toMatch(/valid JSON/);
    expect(parseOptionalInput("[1]")).toEqual({ ok: false, error: "The input must be a JSON object: { … }" });
  });
});

function run(trigger: RunDetail["trigger"], mocked: string[] = []): Pick<RunDetail, "trigger" | "options"> {
  return { trigger, options: { skip_steps: [], mocked_steps: mocked, until_step: null, until_phase: null } };
}

describe("rerunOrigin", () => {
  it("tells which run a rerun came from, from which step, and which steps it reused", () => {
    const origin = rerunOrigin(run({ type: "replay", data: { rerun_of: "run_1", from_step: "check" } }, ["fetch"]));
    expect(origin).toEqual({ rerunOf: "run_1", fromStep: "check", reused: ["fetch"] });
  });

  it("is null for a plain retry or any other run", () => {
    expect(rerunOrigin(run({ type: "replay", data: { replay_of: "run_1" } }))).toBeNull();
    expect(rerunOrigin(run({ type: "manual", data: null }, ["mocked"]))).toBeNull();
  });
});

describe("conflictStatus", () => {
  it("reads the current status of a refused action", () => {
    const refused = new ApiError(409, "conflict", "The run is paused; this action doesn't apply now", "req_1", {
      status: "paused",
    });
    expect(conflictStatus(refused)).toBe("Paused");
    expect(conflictStatus(new ApiError(409, "conflict", "…", null, { status: "hibernating" }))).toBe("hibernating");
  });

  it("is null for other errors", () => {
    expect(conflictStatus(new ApiError(404, "not_found", "…", null, { status: "paused" }))).toBeNull();
    expect(conflictStatus(new ApiError(409, "conflict", "…", null))).toBeNull();
    expect(conflictStatus(new Error("boom"))).toBeNull();
  });
});
