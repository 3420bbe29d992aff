/**
 * Executing a runbook: validate the inputs, bind the connections into the org's hidden runbook workflow, and
 * start a job (a run with `kind = 'job'`). The job runs in its run object, never inside the caller's request.
 */
import type { OrgScope, Principal } from "../auth/principal";
import { createDb } from "../db/client";
import { auditEvents } from "../db/schema";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { startRun } from "../runs/start";
import { ensureRunbookWorkflow } from "./instantiate";
import { getRunbook, validateRunbookInputs } from "./registry";

/** What to execute: the runbook, its inputs, the connection id for each slot, and where the request came from. */
export interface ExecuteRunbookRequest {
  name: string;
  inputs: Record<string, unknown>;
  connections: Record<string, string>;
  /** Sets the runbook's `dry_run` input (only for runbooks with `supports_dry_run`); not the engine's dry run. */
  dry_run?: boolean;
  source?: { kind: "ai_plan"; plan_id: string };
  /**
   * Makes the start idempotent (the runs' `Idempotency-Key`, 24 h): a second execution with the same key returns
   * the first job instead of starting another, and isn't audited again.
   */
  idempotency_key?: string;
  /** Clock for tests; defaults to `Date.now`. */
  now?: () => number;
}

/**
 * Starts a job of runbook `req.name` and returns at once with its id (the job's status is usually `queued`
 * or `waiting` for a high-risk approval). Audited as `runbook.executed` (once per job: not when `idempotency_key`
 * returned an earlier job).
 * Throws `AppError`: `runbook_not_found` (404), `validation_failed` (400, `details.issues` with input paths),
 * `connection_missing` / `connection_not_found` (400, naming the slot).
 * @example await executeRunbook(env, scope, principal, { name: "cloudflare_dns_bulk", inputs, connections: { cloudflare: "con_…" } })
 */
export async function executeRunbook(
  env: Env,
  scope: OrgScope,
  principal: Principal,
  req: ExecuteRunbookRequest,
): Promise<{ job_id: string; status: string }> {
  const now = req.now ?? Date.now;
  const def = getRunbook(req.name);
  if (!def) throw new AppError("runbook_not_found", `There is no runbook called "${req.name}"`);
  if (req.dry_run === true && !def.supports_dry_run) {
    throw new AppError("validation_failed", `The runbook "${def.name}" has no dry-run mode`, {
      details: { issues: [{ path: "dry_run", message: "This runbook doesn't support dry runs" }] },
    });
  }
  // Runbooks that support dry runs read `input.dry_run`; the engine's own dry-run mode is not used.
  const merged =
    req.dry_run === undefined || !def.supports_dry_run ? req.inputs : { ...req.inputs, dry_run: req.dry_run };
  const checked = validateRunbookInputs(def, merged);
  if (!checked.ok) {
    throw new AppError("validation_failed", `The inputs don't match the runbook "${def.name}"`, {
      details: { issues: checked.issues.map((i) => ({ ...i, path: i.path ? `inputs.${i.path}` : "inputs" })) },
    });
  }
  const { workflowId, version } = await ensureRunbookWorkflow(env, scope, principal, def, req.connections, now());
  const started = await startRun(env, scope, {
    workflowId,
    version,
    input: checked.value,
    trigger: {
      type: principal.type === "api_key" ? "api" : "manual",
      data: { job: true, runbook: def.name, runbook_version: def.version, source: req.source ?? null },
    },
    createdBy: principal.id,
    userId: principal.type === "user" ? principal.id : null,
    job: { runbook: def.name, inputs: checked.value, source: req.source ?? null },
    ...(req.idempotency_key === undefined ? {} : { idempotencyKey: req.idempotency_key }),
  });
  if (!started.created) return { job_id: started.run_id, status: started.status };
  await createDb(env.DB)
    .insert(auditEvents)
    .values({
      id: newId("aud"),
      orgId: scope.orgId,
      occurredAt: now(),
      actorType: principal.type,
      actorId: principal.id,
      action: "runbook.executed",
      targetType: "job",
      targetId: started.run_id,
      metadata: {
        runbook: def.name,
        version: def.version,
        dry_run: checked.value.dry_run === true,
        connections: req.connections,
        source: req.source ?? null,
      },
    });
  return { job_id: started.run_id, status: started.status };
}
