/**
 * Starting a run, for every trigger (API, subworkflow steps, schedules, webhooks): pick the pinned
 * version, validate the input against its `input_schema`, honour the idempotency key, write the
 * D1 index row, and create the run object. Execution never happens inside the caller's request.
 */
import { Validator } from "@cfworker/json-schema";
import { and, eq, gt } from "drizzle-orm";
import type { OrgScope } from "../auth/principal";
import { getNodeType } from "../contracts/node-types";
import type { TriggerType } from "../contracts/runs";
import type { Graph } from "../contracts/workflow";
import type { DraftGraph } from "../contracts/workflows";
import { createDb } from "../db/client";
import { usableConnectionIds } from "../db/repos/connections";
import { getOrgLimits } from "../db/repos/orgs";
import { orgPolicyMap } from "../db/repos/tool-policies";
import { getVersion, getWorkflow } from "../db/repos/workflows";
import { runIdempotency, runs } from "../db/schema";
import type { RunRecord } from "../durable/run-store";
import { descendants, topologicalOrder } from "../engine/graph/traversal";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { listServers } from "../mcp/servers";
import { concurrencyScope, concurrencySlotName } from "../triggers/concurrency";

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface StartRunRequest {
  workflowId: string;
  version?: number;
  input: Record<string, unknown>;
  trigger: { type: TriggerType; data?: Record<string, unknown> | null };
  createdBy: string;
  /** The user whose concurrency slots the run uses; null for system-started runs. */
  userId: string | null;
  idempotencyKey?: string;
  correlationId?: string;
  dryRun?: boolean;
  options?: {
    skip_steps?: string[];
    mock_data?: Record<string, unknown>;
    until_step?: string;
    until_phase?: string;
    /** Run-level tool policies for `mcp_tool` steps (kept in the run record). */
    tool_policies?: Record<string, "allow" | "ask" | "deny">;
  };
  parent?: { run_id: string; node_id: string };
  /** Set for a job (a run of a runbook): indexed with `kind = 'job'`, its runbook, inputs and source. */
  job?: { runbook: string; inputs: Record<string, unknown>; source: Record<string, unknown> | null };
}

/**
 * Steps to skip for a partial run up to `phase`: phases are ordered by where they first appear in
 * topological order; every step of a later phase, and everything after it, is skipped.
 */
export function stepsAfterPhase(graph: Graph, phase: string): string[] {
  const order = topologicalOrder(graph) ?? graph.nodes.map((n) => n.id);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const phases: string[] = [];
  for (const id of order) {
    const p = byId.get(id)?.phase;
    if (p && !phases.includes(p)) phases.push(p);
  }
  const limit = phases.indexOf(phase);
  const later = graph.nodes.filter((n) => n.phase !== undefined && phases.indexOf(n.phase) > limit).map((n) => n.id);
  const skipped = new Set<string>();
  for (const id of later) {
    skipped.add(id);
    for (const d of descendants(graph, id)) skipped.add(d);
  }
  return [...skipped];
}

/**
 * For preflight, like `connection_ids`: the org's MCP servers (label → allowed tools) and tool policies,
 * read only when the graph has `mcp_tool` steps.
 */
async function toolsAtStart(
  env: Env,
  scope: OrgScope,
  graph: Graph,
): Promise<Pick<RunRecord, "mcp_servers" | "org_tool_policies">> {
  if (!graph.nodes.some((n) => n.type === "mcp_tool")) return {};
  const servers = await listServers(env, scope);
  return {
    mcp_servers: Object.fromEntries(servers.map((s) => [s.label, s.allowed_tools])),
    org_tool_policies: await orgPolicyMap(env.DB, scope),
  };
}

export interface StartedRun {
  run_id: string;
  status: string;
  /** False when an idempotency key returned an existing run. */
  created: boolean;
}

/** Fills each node's retry and timeout, and the run timeout, from the registry and the org's limits. */
export function normaliseGraph(graph: Graph, limits: { node_timeout_ms: number; run_timeout_ms: number }): Graph {
  return {
    ...graph,
    settings: { ...graph.settings, run_timeout_ms: graph.settings?.run_timeout_ms ?? limits.run_timeout_ms },
    nodes: graph.nodes.map((node) => {
      const type = getNodeType(node.type);
      return {
        ...node,
        retry: node.retry ?? type.defaultRetry,
        timeout_ms: node.timeout_ms ?? Math.min(type.defaultTimeoutMs, limits.node_timeout_ms),
      };
    }) as Graph["nodes"],
  };
}

function inputProblems(schema: unknown, input: unknown): { path: string; message: string }[] {
  if (!schema || typeof schema !== "object") return [];
  const result = new Validator(schema as object, "2020-12", false).validate(input);
  return result.valid
    ? []
    : result.errors
        .filter((e) => e.keyword !== "properties" || result.errors.length === 1)
        .map((e) => ({ path: e.instanceLocation.replace(/^#\/?/, "").replaceAll("/", "."), message: e.error }));
}

async function existingRun(d1: D1Database, scope: OrgScope, key: string): Promise<StartedRun | null> {
  const db = createDb(d1);
  const row = await db
    .select({ runId: runIdempotency.runId })
    .from(runIdempotency)
    .where(
      and(
        eq(runIdempotency.orgId, scope.orgId),
        eq(runIdempotency.key, key),
        gt(runIdempotency.createdAt, Date.now() - IDEMPOTENCY_WINDOW_MS),
      ),
    )
    .get();
  if (!row) return null;
  const run = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, row.runId)).get();
  return { run_id: row.runId, status: run?.status ?? "queued", created: false };
}

export async function startRun(env: Env, scope: OrgScope, req: StartRunRequest): Promise<StartedRun> {
  if (req.idempotencyKey) {
    const existing = await existingRun(env.DB, scope, req.idempotencyKey);
    if (existing) return existing;
  }
  const workflow = await getWorkflow(env.DB, scope, req.workflowId);
  if (!workflow) throw new AppError("not_found", "Workflow not found");
  if (workflow.status === "archived" && req.version === undefined) {
    throw new AppError("conflict", "This workflow is archived; unarchive it or start a specific version");
  }
  const versionNumber = req.version ?? workflow.latestVersion;
  if (versionNumber === 0)
    throw new AppError("conflict", "This workflow has no published version yet; publish it first");
  const version = await getVersion(env.DB, scope, workflow.id, versionNumber);
  if (!version) throw new AppError("not_found", `Workflow version ${versionNumber} not found`);

  const limits = await getOrgLimits(env.DB, scope);
  const inputBytes = new TextEncoder().encode(JSON.stringify(req.input)).length;
  if (inputBytes > limits.max_run_input_bytes) {
    throw new AppError(
      "payload_too_large",
      `The run input is ${inputBytes} bytes; this organization allows ${limits.max_run_input_bytes}`,
    );
  }
  const graph = version.graph as DraftGraph as Graph;
  const problems = inputProblems(graph.input_schema, req.input);
  if (problems.length > 0) {
    throw new AppError("validation_failed", "The input doesn't match the workflow's input schema", {
      details: {
        issues: problems.map((p) => ({
          path: p.path ? `input.${p.path}` : "input",
          code: "input_schema",
          message: p.message,
        })),
      },
    });
  }

  if (req.options?.until_phase && !graph.nodes.some((n) => n.phase === req.options?.until_phase)) {
    throw new AppError("validation_failed", `The workflow has no phase "${req.options.until_phase}"`, {
      details: { issues: [{ path: "options.until_phase", code: "unknown_phase", message: "No step has this phase" }] },
    });
  }
  const runId = newId("run");
  const now = Date.now();
  const record: RunRecord = {
    run_id: runId,
    org_id: scope.orgId,
    workflow_id: workflow.id,
    version: versionNumber,
    graph: normaliseGraph(graph, limits),
    input: req.input,
    vars: graph.vars ?? {},
    trigger: { type: req.trigger.type, data: req.trigger.data ?? null },
    correlation_id: req.correlationId ?? newId("cor"),
    created_by: req.createdBy,
    user_id: req.userId,
    dry_run: req.dryRun ?? false,
    parent: req.parent ?? null,
    user_concurrency_limit: req.userId ? limits.max_concurrent_runs_per_user : 0,
    retention_ms: limits.event_retention_ms,
    created_at: now,
    connection_ids: [...(await usableConnectionIds(env.DB, scope, now))],
    ...(req.options?.tool_policies ? { tool_policies: req.options.tool_policies } : {}),
    ...(await toolsAtStart(env, scope, graph)),
  };

  const db = createDb(env.DB);
  const insertRun = db.insert(runs).values({
    id: runId,
    orgId: scope.orgId,
    workflowId: workflow.id,
    version: versionNumber,
    status: "queued",
    triggerType: req.trigger.type,
    createdBy: req.createdBy,
    userId: req.userId,
    correlationId: record.correlation_id,
    parentRunId: req.parent?.run_id ?? null,
    dryRun: record.dry_run,
    createdAt: now,
    updatedAt: now,
    ...(req.job
      ? { kind: "job" as const, runbook: req.job.runbook, jobInputs: req.job.inputs, source: req.job.source }
      : {}),
  });
  if (req.idempotencyKey) {
    // Claim the key and write the run in one batch; a concurrent request with the same key loses
    // the claim and gets the winner's run.
    try {
      await db.batch([
        db.insert(runIdempotency).values({ orgId: scope.orgId, key: req.idempotencyKey, runId, createdAt: now }),
        insertRun,
      ]);
    } catch (err) {
      const existing = /UNIQUE|constraint/i.test(String(err))
        ? await existingRun(env.DB, scope, req.idempotencyKey)
        : null;
      if (existing) return existing;
      throw err;
    }
  } else {
    await insertRun;
  }

  const lane = await concurrencyScope(graph, req.input);
  record.concurrency = lane
    ? { slot: concurrencySlotName(scope.orgId, workflow.id, lane.key), limit: lane.limit }
    : null;
  const { until_phase, tool_policies: _inRecord, ...engineOptions } = req.options ?? {};
  if (until_phase) {
    record.until_phase = until_phase;
    engineOptions.skip_steps = [
      ...new Set([...(engineOptions.skip_steps ?? []), ...stepsAfterPhase(graph, until_phase)]),
    ];
  }
  const stub = env.RUNS.get(env.RUNS.idFromName(runId));
  const created = await stub.init({ record, options: engineOptions });
  return { run_id: runId, status: created.status, created: true };
}
