/**
 * Runs one step attempt for a run object: builds the executor's input (the expression context from
 * earlier outputs, the deadline, the idempotency key) and binds the services to the run's org
 * (network policy, child runs, events, artifacts).
 */
import { systemScope } from "../auth/principal";
import { publishEvent } from "../automations/events";
import { resolveConnection } from "../connections/resolve";
import type { WorkflowNode } from "../contracts/workflow";
import type { ExpressionContext } from "../engine/expressions";
import type { CompiledGraph, RunState } from "../engine/run";
import { executeStep } from "../executors";
import type { ExecutorServices, StepResult } from "../executors/types";
import { policyFromEnv, safeFetch } from "../net";
import { startRun } from "../runs/start";
import type { PendingExec, RunRecord } from "./run-store";

interface RunView {
  record: RunRecord;
  compiled: CompiledGraph;
  state: RunState;
  outputs: Map<string, unknown>;
  /** Outputs stored in R2 (above the inline limit), loaded back for expressions. */
  hydrated?: Map<string, unknown>;
}

/** Step outputs above this many bytes (JSON) go to R2; the run keeps a reference (SPEC §8). */
export const INLINE_OUTPUT_LIMIT = 256 * 1024;

/** The reference kept in place of an output stored in R2. */
export interface OutputRef {
  $ref: string;
  size: number;
}

export function isOutputRef(value: unknown): value is OutputRef {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as OutputRef).$ref === "string" &&
    (value as OutputRef).$ref.startsWith("r2:")
  );
}

/** Loads every R2-stored output the run may reference and isn't loaded yet. */
export async function hydrateOutputs(env: Env, run: RunView): Promise<void> {
  run.hydrated ??= new Map();
  for (const [id, value] of run.outputs) {
    if (!isOutputRef(value) || run.hydrated.has(id)) continue;
    const object = await env.ARTIFACTS.get(value.$ref.slice(3));
    run.hydrated.set(id, object ? ((await object.json()) as unknown) : null);
  }
}

/**
 * Moves a large successful output to R2 and returns what the run keeps instead: the reference as
 * the output, and a snapshot with a preview. Small outputs pass through unchanged.
 */
async function offloadLargeOutput(
  env: Env,
  record: RunRecord,
  nodeId: string,
  attempt: number,
  result: StepResult,
): Promise<StepResult> {
  if (result.outcome.kind !== "succeeded") return result;
  const json = JSON.stringify(result.outcome.output ?? null);
  if (json.length <= INLINE_OUTPUT_LIMIT) return result;
  const key = `runs/${record.run_id}/${nodeId}/output-${attempt}.json`;
  await env.ARTIFACTS.put(key, json, { httpMetadata: { contentType: "application/json" } });
  const ref: OutputRef = { $ref: `r2:${key}`, size: json.length };
  const preview = JSON.stringify(result.data_out ?? null).slice(0, 2_000);
  return {
    ...result,
    outcome: { kind: "succeeded", output: ref },
    data_out: { stored_in_r2: key, size: json.length, preview },
  };
}

/** The document expressions see: input, finished steps' outputs and statuses, the run, vars. */
export function expressionContext(run: RunView): ExpressionContext {
  const { record } = run;
  let steps: ExpressionContext["steps"] | undefined;
  // Built on first use: most steps (no-ops, delays) never read it, and it is O(steps) to build.
  const lazySteps = (): ExpressionContext["steps"] => {
    if (!steps) {
      steps = {};
      for (const [id, step] of Object.entries(run.state.steps))
        steps[id] = { output: run.hydrated?.get(id) ?? run.outputs.get(id) ?? null, status: step.status };
    }
    return steps;
  };
  const context = {
    input: record.input,
    run: {
      id: record.run_id,
      workflow_id: record.workflow_id,
      version: record.version,
      correlation_id: record.correlation_id,
      started_at: new Date(run.state.started_at ?? record.created_at).toISOString(),
      trigger: { type: record.trigger.type, data: record.trigger.data ?? undefined },
    },
    vars: record.vars,
  } as Omit<ExpressionContext, "steps">;
  Object.defineProperty(context, "steps", { get: lazySteps, enumerable: true });
  return context as ExpressionContext;
}

export function servicesFor(env: Env, record: RunRecord): ExecutorServices {
  const { policy } = policyFromEnv(env);
  return {
    fetch: (url, init) => safeFetch(url, { ...init, policy }),
    async startChildRun(req) {
      const started = await startRun(
        env,
        systemScope(record.org_id, "a subworkflow step starts a child in its own org"),
        {
          workflowId: req.workflow_id,
          version: req.version,
          input: (req.input ?? {}) as Record<string, unknown>,
          trigger: { type: "subworkflow", data: { parent_run_id: record.run_id, parent_node_id: req.parent.node_id } },
          createdBy: record.created_by,
          userId: null,
          idempotencyKey: `child:${req.idempotency_key}`,
          correlationId: record.correlation_id,
          dryRun: record.dry_run,
          parent: { run_id: record.run_id, node_id: req.parent.node_id },
        },
      );
      return { child_run_id: started.run_id };
    },
    async publishEvent(req) {
      // The automations hub stores it and delivers it to every subscribed destination (idempotent on event_id).
      await publishEvent(env, {
        orgId: record.org_id,
        type: req.type,
        payload: req.payload,
        eventId: req.event_id,
        correlationId: req.correlation_id,
        occurredAt: Date.parse(req.occurred_at) || Date.now(),
      });
    },
    async putArtifact(req) {
      const key = `runs/${req.run_id}/${req.node_id}/${req.name}`;
      const object = await env.ARTIFACTS.put(key, req.body, { httpMetadata: { contentType: req.content_type } });
      return { key, size: object?.size ?? 0 };
    },
    // Always the run's own org, whatever the request says: a step can't borrow another org's credentials.
    resolveConnection: (req) => resolveConnection(env, record.org_id, req.connection_id, Date.now()),
  };
}

export async function executeStepForRun(
  env: Env,
  run: RunView,
  node: WorkflowNode,
  exec: PendingExec,
  signal: AbortSignal,
): Promise<StepResult> {
  const { record } = run;
  await hydrateOutputs(env, run);
  const result = await executeStep(
    {
      run: {
        id: record.run_id,
        workflow_id: record.workflow_id,
        version: record.version,
        org_id: record.org_id,
        correlation_id: record.correlation_id,
        dry_run: record.dry_run,
      },
      node,
      attempt: exec.attempt,
      idempotencyKey: exec.idempotency_key,
      context: expressionContext(run),
      now: Date.now(),
      deadline: exec.timeout_at || Date.now() + 120_000,
      signal,
    },
    servicesFor(env, record),
  );
  return offloadLargeOutput(env, record, node.id, exec.attempt, result);
}
