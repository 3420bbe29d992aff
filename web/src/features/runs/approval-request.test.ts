import { describe, expect, it } from "vitest";
import type { StepView } from "../../../../worker/contracts/runs";
import { approvalRequestOf, buildApprovalForm, initialApprovalValues, waitingApprovals } from "./approval-request";

const wait = {
  reason: "approval",
  since: 1,
  timeout_at: 1_700_000_000_000,
  on_timeout: "reject",
  request: {
    message: "Deploy api version 1.2.3 to production?",
    approvers: { roles: ["owner", "admin"] },
    form_fields: [
      { name: "rollout", label: "When", type: "select", required: true, options: ["now", "later"] },
      { name: "note", label: "Note for the team", type: "text" },
      { name: "mystery", label: "From a newer server", type: "hologram" },
    ],
  },
};

function step(over: Partial<StepView>): StepView {
  return {
    node_id: "review",
    node_type: "approval",
    name: "Approve deploy",
    index: 0,
    status: "waiting",
    attempts: 1,
    data_in: null,
    data_out: null,
    error_code: null,
    error_human: null,
    error_tech: null,
    wait,
    skip_reason: null,
    branch: null,
    started_at: null,
    finished_at: null,
    duration_ms: null,
    attempt_history: [],
    ...over,
  };
}

describe("approvalRequestOf", () => {
  it("reads the request a waiting approval step shows, leaving out fields it can't render", () => {
    const request = approvalRequestOf(step({}));
    expect(request).toMatchObject({
      nodeId: "review",
      message: "Deploy api version 1.2.3 to production?",
      approvers: "owner or admin",
      timeoutAt: 1_700_000_000_000,
      onTimeout: "reject",
    });
    expect(request?.fields.map((f) => f.name)).toEqual(["rollout", "note"]);
  });

  it("has a sensible message and no deadline when the node gives none", () => {
    const request = approvalRequestOf(step({ wait: { reason: "approval" } }));
    expect(request).toMatchObject({
      message: "Please review step “Approve deploy”",
      approvers: null,
      fields: [],
      timeoutAt: null,
      onTimeout: null,
    });
  });

  it("is null for steps that aren't waiting for a decision", () => {
    expect(approvalRequestOf(step({ status: "succeeded" }))).toBeNull();
    expect(approvalRequestOf(step({ wait: { reason: "timer", resume_at: 5 } }))).toBeNull();
    expect(approvalRequestOf(step({ wait: null }))).toBeNull();
  });

  it("lists every waiting approval of a run", () => {
    const steps = [step({}), step({ node_id: "deploy", status: "pending", wait: null }), step({ node_id: "second" })];
    expect(waitingApprovals(steps).map((r) => r.nodeId)).toEqual(["review", "second"]);
  });
});

describe("buildApprovalForm", () => {
  const fields = approvalRequestOf(step({}))?.fields ?? [];

  it("sends the chosen values and leaves empty ones out", () => {
    const values = { ...initialApprovalValues(fields), rollout: "later" };
    expect(buildApprovalForm(fields, values, "approve")).toEqual({ ok: true, form: { rollout: "later" } });
    expect(buildApprovalForm(fields, { rollout: "now", note: " ship it " }, "approve")).toEqual({
      ok: true,
      form: { rollout: "now", note: "ship it" },
    });
  });

  it("needs required fields to approve, but not to reject", () => {
    const empty = initialApprovalValues(fields);
    expect(buildApprovalForm(fields, empty, "approve")).toEqual({
      ok: false,
      errors: { rollout: "When is required to approve" },
    });
    expect(buildApprovalForm(fields, empty, "reject")).toEqual({ ok: true, form: {} });
  });

  it("refuses an option that isn't offered, and converts numbers and checkboxes", () => {
    expect(buildApprovalForm(fields, { rollout: "yesterday" }, "reject")).toEqual({
      ok: false,
      errors: { rollout: "Choose one of the options" },
    });
    const more = [
      { name: "count", label: "Count", type: "number" as const },
      { name: "sure", label: "Sure", type: "boolean" as const },
    ];
    expect(buildApprovalForm(more, { count: "3", sure: true }, "approve")).toEqual({
      ok: true,
      form: { count: 3, sure: true },
    });
    expect(buildApprovalForm(more, { count: "x", sure: false }, "approve")).toEqual({
      ok: false,
      errors: { count: "Enter a number" },
    });
  });
});
