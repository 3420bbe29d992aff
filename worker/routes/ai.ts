/** AI operations (SPEC §10): diagnose a failed run, propose a plan of runbook jobs, approve or reject it. */
import { createRoute } from "@hono/zod-openapi";
import { diagnoseRun } from "../ai/diagnose";
import { approvePlan, proposePlan, readPlan, rejectPlan } from "../ai/plan";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { ApprovePlanResponse, DiagnoseBody, Diagnosis, Plan, PlanBody } from "../contracts/ai";
import { IdParam } from "../contracts/common";
import { ErrorBody } from "../contracts/errors";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json, jsonBody } from "./openapi";

const upstream = {
  502: json(ErrorBody, "The LLM failed (`ai_upstream_failed`) or answered unusably (`ai_invalid_answer`)"),
};
const now = () => Date.now();

const diagnose = createRoute({
  method: "post",
  path: "/diagnose",
  tags: ["AI"],
  summary: "Diagnose a failed run: hypotheses, evidence and suggested actions (`ai_not_configured` without an LLM)",
  security: bearer,
  middleware: guard("ai:use"),
  request: { body: jsonBody(DiagnoseBody) },
  responses: { 200: json(Diagnosis, "Diagnosis"), ...errors(400, 401, 403, 404, 409), ...upstream },
});

const plan = createRoute({
  method: "post",
  path: "/plan",
  tags: ["AI"],
  summary: "Propose a plan of runbook executions towards a goal; nothing runs until it is approved",
  security: bearer,
  middleware: guard("ai:use"),
  request: { body: jsonBody(PlanBody) },
  responses: { 201: json(Plan, "Proposed plan"), ...errors(400, 401, 403, 404, 409), ...upstream },
});

const getPlan = createRoute({
  method: "get",
  path: "/plans/{id}",
  tags: ["AI"],
  summary: "A plan, its steps and, once approved, the job of each step",
  security: bearer,
  middleware: guard("ai:use"),
  request: { params: IdParam },
  responses: { 200: json(Plan, "Plan"), ...errors(401, 403, 404) },
});

const approve = createRoute({
  method: "post",
  path: "/plan/{id}/approve",
  tags: ["AI"],
  summary:
    "Approve a proposed plan: starts exactly its steps as jobs (once; then `plan_not_proposed`). On an approved plan " +
    "whose approval was interrupted, starts only the steps not yet recorded (idempotent: no duplicate jobs)",
  security: bearer,
  middleware: guard("ai:approve"),
  request: { params: IdParam },
  responses: { 200: json(ApprovePlanResponse, "Approved; the jobs started"), ...errors(401, 403, 404, 409) },
});

const reject = createRoute({
  method: "post",
  path: "/plan/{id}/reject",
  tags: ["AI"],
  summary: "Reject a proposed plan; nothing runs",
  security: bearer,
  middleware: guard("ai:approve"),
  request: { params: IdParam },
  responses: { 200: json(Plan, "Rejected"), ...errors(401, 403, 404, 409) },
});

export const aiRoutes = createRouter()
  .openapi(diagnose, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const result = await diagnoseRun(c.env, scope, principal, c.req.valid("json").run_id, now);
    await recordAudit(c, scope.orgId, principal, {
      action: "ai.diagnosed",
      targetType: "run",
      targetId: result.run_id,
      metadata: { diagnosis_id: result.diagnosis_id, model: result.model, hypotheses: result.hypotheses.length },
    });
    return c.json(result, 200);
  })
  .openapi(plan, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const result = await proposePlan(c.env, scope, principal, c.req.valid("json"), now);
    await recordAudit(c, scope.orgId, principal, {
      action: "ai.plan_proposed",
      targetType: "ai_plan",
      targetId: result.plan_id,
      metadata: {
        run_id: result.run_id,
        steps: result.steps.map((s) => s.runbook),
        rejected: result.rejected.map((s) => s.runbook),
      },
    });
    return c.json(result, 201);
  })
  .openapi(getPlan, async (c) => {
    return c.json(await readPlan(c.env, scopeOf(principalOf(c)), c.req.valid("param").id), 200);
  })
  .openapi(approve, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { resumed, ...result } = await approvePlan(c.env, scope, principal, c.req.valid("param").id, now);
    await recordAudit(c, scope.orgId, principal, {
      // A resumed approval (the first one was interrupted) is its own event: who finished starting the jobs.
      action: resumed ? "ai.plan_resumed" : "ai.plan_approved",
      targetType: "ai_plan",
      targetId: result.plan.plan_id,
      metadata: {
        job_ids: result.jobs.map((j) => j.job_id),
        failed_to_start: result.plan.steps.flatMap((s) =>
          s.start_error ? [{ runbook: s.runbook, ...s.start_error }] : [],
        ),
      },
    });
    return c.json(result, 200);
  })
  .openapi(reject, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const result = await rejectPlan(c.env, scope, principal, c.req.valid("param").id, now);
    await recordAudit(c, scope.orgId, principal, {
      action: "ai.plan_rejected",
      targetType: "ai_plan",
      targetId: result.plan_id,
    });
    return c.json(result, 200);
  });
