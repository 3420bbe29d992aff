/**
 * Callback actions that act on runs: resume, approve, reject, signal, start a workflow. Each first
 * proves through the D1 runs index that the run belongs to the destination's org (another org's run
 * is "No such run"), then talks to the run object. The actor is the destination.
 */
import { and, eq } from "drizzle-orm";
import type { OrgScope } from "../auth/principal";
import type { CallbackAction } from "../contracts/automations-callbacks";
import { createDb } from "../db/client";
import { runs } from "../db/schema";
import { AppError } from "../errors";
import { getRunRow } from "../runs/access";
import { startRun } from "../runs/start";

/** Who is acting, for every run action. */
export interface RunActionContext {
  env: Env;
  db: D1Database;
  scope: OrgScope;
  /** The destination whose secret signed the callback (the actor in audit and run logs). */
  destinationId: string;
}

type ParamsOf<A extends CallbackAction["action"]> = Extract<CallbackAction, { action: A }>["params"];

/** What a run action answers on success. */
export type RunActionResult = Record<string, unknown>;

function actor(ctx: RunActionContext): string {
  return `destination:${ctx.destinationId}`;
}

async function runStub(ctx: RunActionContext, runId: string) {
  const row = await getRunRow(ctx.db, ctx.scope, runId).catch(() => null);
  if (!row) throw new AppError("not_found", "No such run", { details: { run_id: runId } });
  return ctx.env.RUNS.get(ctx.env.RUNS.idFromName(row.id));
}

function notApplicable(runId: string, status: string, what: string): never {
  throw new AppError("conflict", `The run is ${status}; ${what}`, { details: { run_id: runId, status } });
}

/** Resumes a paused run, or re-runs preflight of a run that needs review. */
export async function resumeRun(ctx: RunActionContext, params: ParamsOf<"resume_run">): Promise<RunActionResult> {
  const stub = await runStub(ctx, params.run_id);
  const result = await stub.resume(actor(ctx));
  if (!result.changed) notApplicable(params.run_id, result.status, "there is nothing to resume");
  return { run_id: params.run_id, status: result.status };
}

/** The waiting approval step: `node_id` when given, else the run's only (first) waiting approval. */
async function approvalStep(
  stub: DurableObjectStub<import("../durable/run-object").RunObject>,
  nodeId: string | undefined,
) {
  if (nodeId) return nodeId;
  const steps = JSON.parse(await stub.steps()) as { node_id: string; node_type: string; status: string }[];
  return steps.find((s) => s.node_type === "approval" && s.status === "waiting")?.node_id ?? null;
}

async function decide(ctx: RunActionContext, params: ParamsOf<"approve">, decision: "approved" | "rejected") {
  const stub = await runStub(ctx, params.run_id);
  const nodeId = await approvalStep(stub, params.node_id);
  if (!nodeId)
    throw new AppError("conflict", "No step of this run is waiting for an approval", {
      details: { run_id: params.run_id },
    });
  // A signed callback acts with an admin's say; approvers named by user id still refuse it.
  const result = await stub.decide(nodeId, decision, { id: actor(ctx), role: "admin" }, params.comment);
  if (result.refused === "not_an_approver")
    throw new AppError("forbidden", "This step's approvers don't include callbacks");
  if (!result.changed) notApplicable(params.run_id, result.status, `step "${nodeId}" is not waiting for an approval`);
  return { run_id: params.run_id, node_id: nodeId, decision, status: result.status };
}

/** Approves the run's pending approval (the one at `node_id` when several wait). */
export async function approveRun(ctx: RunActionContext, params: ParamsOf<"approve">): Promise<RunActionResult> {
  return decide(ctx, params, "approved");
}

/** Rejects the run's pending approval; the step fails with `approval_rejected`. */
export async function rejectRun(ctx: RunActionContext, params: ParamsOf<"reject">): Promise<RunActionResult> {
  return decide(ctx, params, "rejected");
}

/** Wakes `wait_event` nodes waiting for `event_name` (and `correlation_key`): of one run, or of every run of the org. */
export async function signalRuns(ctx: RunActionContext, params: ParamsOf<"signal">): Promise<RunActionResult> {
  const payload = JSON.stringify(params.payload ?? null);
  const ids = params.run_id
    ? [params.run_id]
    : (
        await createDb(ctx.db)
          .select({ id: runs.id })
          .from(runs)
          .where(and(eq(runs.orgId, ctx.scope.orgId), eq(runs.status, "waiting"), eq(runs.waitReason, "event")))
          .limit(500)
      ).map((r) => r.id);
  const woken: string[] = [];
  for (const id of ids) {
    const stub = await runStub(ctx, id);
    const result = await stub.signal(params.event_name, payload, params.correlation_key);
    if (result.changed) woken.push(id);
  }
  if (woken.length === 0) {
    throw new AppError("not_found", `No run is waiting for the event "${params.event_name}"`, {
      details: { event_name: params.event_name, correlation_key: params.correlation_key ?? null },
    });
  }
  return { event_name: params.event_name, woken };
}

/** Starts a run of the workflow's latest published version with `input`. */
export async function startWorkflow(
  ctx: RunActionContext,
  params: ParamsOf<"start_workflow">,
): Promise<RunActionResult> {
  const started = await startRun(ctx.env, ctx.scope, {
    workflowId: params.workflow_id,
    input: params.input ?? {},
    trigger: { type: "callback", data: { destination_id: ctx.destinationId } },
    createdBy: actor(ctx),
    userId: null,
    idempotencyKey: params.idempotency_key ? `callback:${ctx.destinationId}:${params.idempotency_key}` : undefined,
  });
  return { run_id: started.run_id, status: started.status, created: started.created };
}
