import { describe, expect, it } from "vitest";
import type { JobRow } from "./repo";
import { jobOutput, toJob, toJobSteps } from "./views";

function row(overrides: Partial<JobRow> = {}): JobRow {
  return {
    id: "run_1",
    orgId: "org_1",
    workflowId: "wf_1",
    version: 1,
    status: "failed",
    waitReason: null,
    triggerType: "manual",
    createdBy: "usr_1",
    userId: "usr_1",
    correlationId: "cor_1",
    parentRunId: null,
    dryRun: false,
    progress: 50,
    errorCode: "http_error",
    errorHuman: "The API said no",
    createdAt: Date.UTC(2026, 0, 1),
    startedAt: Date.UTC(2026, 0, 1, 0, 0, 1),
    completedAt: null,
    updatedAt: Date.UTC(2026, 0, 1),
    deadlineAt: null,
    kind: "job",
    runbook: "gone_runbook",
    jobInputs: { zone: "z", dry_run: true, api_token: "secret-value" },
    source: { kind: "ai_plan", plan_id: "plan_1" },
    ...overrides,
  };
}

describe("toJob", () => {
  it("shows the job with its runbook, dry-run flag, redacted inputs, error and source", () => {
    const job = toJob(row());
    expect(job).toMatchObject({
      id: "run_1",
      runbook: "gone_runbook",
      title: "gone_runbook",
      risk: "low",
      status: "failed",
      dry_run: true,
      created_at: "2026-01-01T00:00:00.000Z",
      started_at: "2026-01-01T00:00:01.000Z",
      completed_at: null,
      error: { code: "http_error", message: "The API said no" },
      source: { kind: "ai_plan", plan_id: "plan_1" },
    });
    expect(job.inputs.zone).toBe("z");
    expect(JSON.stringify(job.inputs)).not.toContain("secret-value");
  });

  it("has no error, no source and no dry run when none apply", () => {
    const job = toJob(row({ errorCode: null, errorHuman: null, source: null, jobInputs: { zone: "z" } }));
    expect(job.error).toBeNull();
    expect(job.source).toBeNull();
    expect(job.dry_run).toBe(false);
  });
});

describe("toJobSteps", () => {
  it("keeps the order and maps errors", () => {
    const steps = toJobSteps([
      {
        node_id: "a",
        name: "Fetch",
        node_type: "http",
        status: "failed",
        started_at: "t0",
        finished_at: "t1",
        error_code: "http_error",
        error_human: "404",
      },
      {
        node_id: "b",
        name: "b",
        node_type: "set",
        status: "pending",
        started_at: null,
        finished_at: null,
        error_code: null,
        error_human: null,
      },
    ]);
    expect(steps).toEqual([
      {
        node_id: "a",
        name: "Fetch",
        type: "http",
        status: "failed",
        started_at: "t0",
        completed_at: "t1",
        error: { code: "http_error", message: "404" },
      },
      { node_id: "b", name: "b", type: "set", status: "pending", started_at: null, completed_at: null, error: null },
    ]);
  });
});

describe("jobOutput", () => {
  const graph = {
    nodes: [{ id: "fetch" }, { id: "left" }, { id: "right" }],
    edges: [
      { from: "fetch", to: "left" },
      { from: "fetch", to: "right" },
    ],
  };

  it("is the outputs of the final steps that succeeded, by node id", () => {
    const out = jobOutput(
      graph,
      { fetch: "succeeded", left: "succeeded", right: "failed" },
      { fetch: { body: 1 }, left: { created: 3, password: "p" } },
    );
    expect(Object.keys(out)).toEqual(["left"]);
    expect(out.left).toMatchObject({ created: 3 });
    expect(JSON.stringify(out)).not.toContain('"p"');
  });

  it("is empty when no final step succeeded", () => {
    expect(jobOutput(graph, { fetch: "succeeded" }, { fetch: 1 })).toEqual({});
  });
});
