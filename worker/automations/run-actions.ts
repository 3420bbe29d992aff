/**
 * Callback actions that act on runs: resume, approve, reject, signal, start a workflow. Runs don't
 * exist yet (the run engine and its `runs` table come in a later change), so these answer honestly:
 * 404 "No such run", and for `start_workflow` either 404 "No such workflow" or, for a workflow that
 * exists, 503 until runs can start. The run engine replaces the bodies; the signatures stay.
 */
import { and, eq } from "drizzle-orm";
import type { OrgScope } from "../auth/principal";
import type { CallbackAction } from "../contracts/automations-callbacks";
import { createDb } from "../db/client";
import { workflows } from "../db/schema";
import { AppError } from "../errors";

/** Who is acting, for every run action. */
export interface RunActionContext {
  db: D1Database;
  scope: OrgScope;
  /** The destination whose secret signed the callback (the actor in audit and run logs). */
  destinationId: string;
}

type ParamsOf<A extends CallbackAction["action"]> = Extract<CallbackAction, { action: A }>["params"];

/** What a run action answers on success. */
export type RunActionResult = Record<string, unknown>;

function noSuchRun(runId: string): never {
  throw new AppError("not_found", "No such run", { details: { run_id: runId } });
}

/** Resumes a paused run, or re-runs preflight of a run that needs review. */
export async function resumeRun(_ctx: RunActionContext, params: ParamsOf<"resume_run">): Promise<RunActionResult> {
  return noSuchRun(params.run_id);
}

/** Approves the run's pending approval (the one at `node_id` when several wait). */
export async function approveRun(_ctx: RunActionContext, params: ParamsOf<"approve">): Promise<RunActionResult> {
  return noSuchRun(params.run_id);
}

/** Rejects the run's pending approval; the step fails with `approval_rejected`. */
export async function rejectRun(_ctx: RunActionContext, params: ParamsOf<"reject">): Promise<RunActionResult> {
  return noSuchRun(params.run_id);
}

/** Wakes `wait_event` nodes waiting for `event_name` (and `correlation_key`, when given). */
export async function signalRuns(_ctx: RunActionContext, params: ParamsOf<"signal">): Promise<RunActionResult> {
  if (params.run_id !== undefined) return noSuchRun(params.run_id);
  throw new AppError("not_found", `No run is waiting for the event "${params.event_name}"`, {
    details: { event_name: params.event_name, correlation_key: params.correlation_key ?? null },
  });
}

/** Starts a run of the workflow's latest published version with `input`. */
export async function startWorkflow(
  ctx: RunActionContext,
  params: ParamsOf<"start_workflow">,
): Promise<RunActionResult> {
  const workflow = await createDb(ctx.db)
    .select({ id: workflows.id, status: workflows.status })
    .from(workflows)
    .where(and(eq(workflows.orgId, ctx.scope.orgId), eq(workflows.id, params.workflow_id)))
    .get();
  if (workflow?.status !== "active") {
    throw new AppError("not_found", "No such workflow", { details: { workflow_id: params.workflow_id } });
  }
  throw new AppError("service_unavailable", "Runs can't be started yet: the run engine is not available", {
    details: { workflow_id: params.workflow_id },
  });
}
