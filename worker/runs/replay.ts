/**
 * Retry and rerun: a new run from an old one. Retry repeats the run (same version and input);
 * rerun from a step reuses the outputs of every step that doesn't depend on it (as mock data, so
 * they are not executed again) and runs that step and everything after it, optionally with a new
 * input.
 */
import type { OrgScope } from "../auth/principal";
import type { Graph } from "../contracts/workflow";
import type { RunRecord } from "../durable/run-store";
import { descendants } from "../engine/graph/traversal";
import { AppError } from "../errors";
import { type StartedRun, startRun } from "./start";

interface ReplayData {
  record: RunRecord;
  statuses: Record<string, string>;
  outputs: Record<string, unknown>;
}

export async function loadReplayData(env: Env, runId: string): Promise<ReplayData> {
  const stub = env.RUNS.get(env.RUNS.idFromName(runId));
  return JSON.parse(await stub.replayData()) as ReplayData;
}

export async function retryRun(
  env: Env,
  scope: OrgScope,
  runId: string,
  by: { id: string; userId: string | null },
): Promise<StartedRun> {
  const { record } = await loadReplayData(env, runId);
  return startRun(env, scope, {
    workflowId: record.workflow_id,
    version: record.version,
    input: record.input,
    trigger: { type: "replay", data: { replay_of: runId } },
    createdBy: by.id,
    userId: by.userId,
    dryRun: record.dry_run,
  });
}

/** The outputs a rerun from `fromStep` reuses: every succeeded step that isn't `fromStep` or after it. */
export function reusableOutputs(
  graph: Graph,
  data: Pick<ReplayData, "statuses" | "outputs">,
  fromStep: string,
): Record<string, unknown> {
  if (!graph.nodes.some((n) => n.id === fromStep))
    throw new AppError("validation_failed", `The run's workflow has no step "${fromStep}"`);
  const rerun = descendants(graph, fromStep);
  rerun.add(fromStep);
  const reused: Record<string, unknown> = {};
  for (const node of graph.nodes) {
    if (!rerun.has(node.id) && data.statuses[node.id] === "succeeded") reused[node.id] = data.outputs[node.id] ?? null;
  }
  return reused;
}

export async function rerunFromStep(
  env: Env,
  scope: OrgScope,
  runId: string,
  fromStep: string,
  by: { id: string; userId: string | null },
  input?: Record<string, unknown>,
): Promise<StartedRun & { reused_steps: string[] }> {
  const data = await loadReplayData(env, runId);
  const mock = reusableOutputs(data.record.graph as Graph, data, fromStep);
  const started = await startRun(env, scope, {
    workflowId: data.record.workflow_id,
    version: data.record.version,
    input: input ?? data.record.input,
    trigger: { type: "replay", data: { rerun_of: runId, from_step: fromStep } },
    createdBy: by.id,
    userId: by.userId,
    dryRun: data.record.dry_run,
    options: { mock_data: mock },
  });
  return { ...started, reused_steps: Object.keys(mock) };
}
