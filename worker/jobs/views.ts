/** Pure mappings from stored runs to the jobs API: the job summary, its steps, and the job's final output. */
import type { Job, JobSource, JobStep } from "../contracts/jobs";
import type { RunStatus } from "../contracts/runs";
import { redactSnapshot } from "../engine/redact";
import { getRunbook } from "../runbooks/registry";
import type { JobRow } from "./repo";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function sourceOf(value: unknown): JobSource | null {
  const v = value as { kind?: unknown; plan_id?: unknown } | null;
  return v?.kind === "ai_plan" && typeof v.plan_id === "string" ? { kind: "ai_plan", plan_id: v.plan_id } : null;
}

/**
 * A job as the API shows it. Title and risk come from the registry (a runbook that was removed since keeps its
 * name as the title). `dry_run` is the runbook's own `dry_run` input, not the engine's dry-run mode.
 */
export function toJob(row: JobRow): Job {
  const def = row.runbook ? getRunbook(row.runbook) : null;
  const inputs = (row.jobInputs ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    runbook: row.runbook ?? "",
    title: def?.title ?? row.runbook ?? "",
    risk: def?.risk ?? "low",
    status: row.status as RunStatus,
    wait_reason: row.waitReason,
    dry_run: inputs.dry_run === true,
    inputs: redactSnapshot(inputs) as Record<string, unknown>,
    created_by: row.createdBy,
    created_at: new Date(row.createdAt).toISOString(),
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
    error:
      row.errorCode || row.errorHuman
        ? { code: row.errorCode ?? "failed", message: row.errorHuman ?? "The job failed" }
        : null,
    source: sourceOf(row.source),
  };
}

/** The fields of the run object's step view that a job step needs. */
export interface StepViewLike {
  node_id: string;
  name: string;
  node_type: string;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  error_code: string | null;
  error_human: string | null;
}

/** A job's steps from the run's step views (execution order kept). */
export function toJobSteps(views: readonly StepViewLike[]): JobStep[] {
  return views.map((v) => ({
    node_id: v.node_id,
    name: v.name,
    type: v.node_type,
    status: v.status,
    started_at: v.started_at,
    completed_at: v.finished_at,
    error:
      v.error_code || v.error_human
        ? { code: v.error_code ?? "failed", message: v.error_human ?? "The step failed" }
        : null,
  }));
}

/**
 * The job's final output (what `output.json` holds): the outputs of the steps with no outgoing edges that
 * succeeded, keyed by node id, secret-looking keys redacted. Also for failed and canceled jobs, so the
 * artifact shows how far the job got; `{}` when no final step succeeded.
 */
export function jobOutput(
  graph: { nodes: readonly { id: string }[]; edges: readonly { from: string }[] },
  statuses: Record<string, string>,
  outputs: Record<string, unknown>,
): Record<string, unknown> {
  const hasOutgoing = new Set(graph.edges.map((e) => e.from));
  const out: Record<string, unknown> = {};
  for (const node of graph.nodes) {
    if (hasOutgoing.has(node.id) || statuses[node.id] !== "succeeded") continue;
    out[node.id] = redactSnapshot(outputs[node.id] ?? null);
  }
  return out;
}
