import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/api";
import { isNotConfigured, jobPath, likelihoodTone, planGoalFrom, startFailures } from "./ai-view";

describe("planGoalFrom", () => {
  it("starts from the summary, the most likely hypothesis and a suggested runbook", () => {
    const goal = planGoalFrom({
      summary: "The API token expired.",
      hypotheses: [
        { title: "Clock skew", likelihood: "low", evidence: [] },
        { title: "Revoked token", likelihood: "high", evidence: [] },
      ],
      suggested_actions: [
        { kind: "fix_config", description: "Renew it" },
        { kind: "runbook", description: "Inventory", runbook: { name: "portainer_inventory", inputs: {} } },
      ],
    });
    expect(goal).toBe(
      "Fix the failed run: The API token expired. Most likely: Revoked token. Consider the runbook portainer_inventory.",
    );
  });

  it("is just the summary when there is nothing else", () => {
    expect(planGoalFrom({ summary: "Unknown.", hypotheses: [], suggested_actions: [] })).toBe(
      "Fix the failed run: Unknown.",
    );
  });
});

describe("panel helpers", () => {
  it("colours likelihoods and links jobs", () => {
    expect(likelihoodTone("high")).toBe("error");
    expect(likelihoodTone("low")).toBe("neutral");
    expect(jobPath("run_1")).toBe("/jobs/run_1");
  });

  it("recognises the not-configured error only", () => {
    expect(isNotConfigured(new ApiError(409, "ai_not_configured", "Set it up", null))).toBe(true);
    expect(isNotConfigured(new ApiError(502, "ai_upstream_failed", "Down", null))).toBe(false);
    expect(isNotConfigured(new Error("x"))).toBe(false);
  });

  it("lists steps that could not start", () => {
    const step = { inputs: {}, connections: {}, reason: "r", job_id: null };
    expect(
      startFailures({
        steps: [
          { ...step, runbook: "a", start_error: { code: "runbook_not_found", message: "Gone" } },
          { ...step, runbook: "b", start_error: null, job_id: "run_2" },
        ],
      }),
    ).toEqual(["a: Gone (runbook_not_found)"]);
  });
});
