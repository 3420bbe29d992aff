/**
 * Event triggers: when a run finishes, start the workflows listening to its workflow, with the
 * finished run's outcome as input. Chains stop at depth 5 so A → B → A can't loop forever.
 */
import { systemScope } from "../auth/principal";
import { recordSystemAudit } from "../automations/system-audit";
import { type EventTriggerRow, listEventTriggersForSource } from "../db/repos/triggers";
import { AppError } from "../errors";
import { describeError, log } from "../lib/log";
import { startRun } from "../runs/start";
import { eventMatches, type FinishedStatus, MAX_CHAIN_DEPTH, nextChainDepth } from "./event-rules";
import { eventIdempotencyKey } from "./keys";

/** A run that just finished, as the run object reports it. */
export interface FinishedRun {
  orgId: string;
  workflowId: string;
  runId: string;
  status: FinishedStatus;
  /** The run's final output (null when it has none). Must be JSON-serialisable. */
  output: unknown;
  /** The finished run's own depth: `chainDepthOf(record.trigger)` (0 unless an event trigger started it). */
  chainDepth: number;
  /** Dry runs start nothing. */
  dryRun?: boolean;
}

/** What happened to each matching trigger. */
export type EventFiring =
  | { triggerId: string; outcome: "started"; runId: string; created: boolean }
  | { triggerId: string; outcome: "chain_limit" }
  | { triggerId: string; outcome: "failed"; error: string };

/**
 * Starts one run per enabled event trigger of the org listening to `run.workflowId` whose `on`
 * matches the run's status. Idempotent per (trigger, source run), so the run object may call it
 * again after a crash; never throws (a failure is logged, audited when it concerns a trigger, and
 * reported in the result).
 * @example await fireEventTriggers(env, { orgId, workflowId, runId, status: "completed", output, chainDepth: chainDepthOf(record.trigger) });
 */
export async function fireEventTriggers(env: Env, run: FinishedRun): Promise<EventFiring[]> {
  if (run.dryRun) return [];
  const scope = systemScope(run.orgId, "event triggers fired by a finished run of this org");
  let triggers: EventTriggerRow[];
  try {
    triggers = await listEventTriggersForSource(env.DB, scope, run.workflowId);
  } catch (err) {
    log("error", "event triggers: listing failed", { run_id: run.runId, error: describeError(err) });
    return [];
  }
  const firings: EventFiring[] = [];
  for (const trigger of triggers.filter((t) => eventMatches(t.on, run.status))) {
    firings.push(await fireOne(env, trigger, run));
  }
  return firings;
}

async function fireOne(env: Env, trigger: EventTriggerRow, run: FinishedRun): Promise<EventFiring> {
  const now = Date.now();
  const depth = nextChainDepth(run.chainDepth);
  if (depth === null) {
    log("warn", "event triggers: chain depth limit reached; not starting", {
      trigger_id: trigger.id,
      source_run_id: run.runId,
      chain_depth: run.chainDepth,
    });
    await audit(env, trigger, "trigger.chain_limit", { source_run_id: run.runId, max_depth: MAX_CHAIN_DEPTH }, now);
    return { triggerId: trigger.id, outcome: "chain_limit" };
  }
  try {
    const started = await startRun(env, systemScope(trigger.orgId, "event trigger of this org"), {
      workflowId: trigger.workflowId,
      input: { source_run_id: run.runId, source_workflow_id: run.workflowId, status: run.status, output: run.output },
      trigger: {
        type: "event",
        data: {
          event_trigger_id: trigger.id,
          source_run_id: run.runId,
          source_workflow_id: run.workflowId,
          source_status: run.status,
          chain_depth: depth,
        },
      },
      createdBy: trigger.id,
      userId: null,
      idempotencyKey: eventIdempotencyKey({
        eventTriggerId: trigger.id,
        sourceRunId: run.runId,
        debounceMs: trigger.debounceMs,
        nowMs: now,
      }),
    });
    if (started.created) {
      await audit(env, trigger, "run.started", { run_id: started.run_id, source_run_id: run.runId }, now);
    }
    return { triggerId: trigger.id, outcome: "started", runId: started.run_id, created: started.created };
  } catch (err) {
    // A refusal (input schema, archived or unpublished target) is the owner's to fix: say so in the audit trail.
    const message = err instanceof AppError ? err.message : "internal error";
    log("error", "event triggers: starting the target failed", {
      trigger_id: trigger.id,
      source_run_id: run.runId,
      error: describeError(err),
    });
    await audit(env, trigger, "trigger.start_failed", { source_run_id: run.runId, error: message }, now);
    return { triggerId: trigger.id, outcome: "failed", error: message };
  }
}

async function audit(
  env: Env,
  trigger: EventTriggerRow,
  action: string,
  metadata: Record<string, unknown>,
  now: number,
): Promise<void> {
  await recordSystemAudit(
    env.DB,
    trigger.orgId,
    {
      action,
      targetType: "event_trigger",
      targetId: trigger.id,
      metadata: { workflow_id: trigger.workflowId, source_workflow_id: trigger.sourceWorkflowId, ...metadata },
    },
    now,
  ).catch((err: unknown) =>
    log("error", "event triggers: audit write failed", { trigger_id: trigger.id, action, error: describeError(err) }),
  );
}
