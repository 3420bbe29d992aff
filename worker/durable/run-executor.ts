/**
 * Runs one step attempt for a run object: builds the executor's input (the expression context from
 * earlier outputs, the deadline, the idempotency key) and binds the services to the run's org
 * (network policy, child runs, events, artifacts).
 */
import { systemScope } from "../auth/principal";
import { publishEvent } from "../automations/events";
import { resolveConnection } from "../connections/resolve";
import type { Graph, WorkflowNode } from "../contracts/workflow";
import type { ExpressionContext } from "../engine/expressions";
import type { CompiledGraph, RunState } from "../engine/run";
import { StepFailure } from "../engine/run/errors";
import { executeStep } from "../executors";
import type { ExecutorServices, StepResult, StepToolCallRequest, StepToolCallResult } from "../executors/types";
import { policyFromEnv, safeFetch } from "../net";
import { startRun } from "../runs/start";
import { callTool, ToolCallError } from "../tools/call";
import { recordUsage } from "../usage/record";
import { createRunnerTask } from "./run-external";
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

/** The R2 key a step's large output is stored under (attempt-specific: a retry never overwrites). */
export function outputKey(runId: string, nodeId: string, attempt: number): string {
  return `runs/${runId}/${nodeId}/output-${attempt}.json`;
}

/**
 * Whether `ref` is one this run's shell stored for `nodeId`. Any step can produce a value shaped like a
 * reference (a `set` node, an API's answer), so a key outside the step's own prefix is never loaded: it
 * could name another run's, or another org's, stored data.
 */
export function ownsOutputRef(ref: OutputRef, runId: string, nodeId: string): boolean {
  const prefix = `r2:runs/${runId}/${nodeId}/output-`;
  return ref.$ref.startsWith(prefix) && /^\d+\.json$/.test(ref.$ref.slice(prefix.length));
}

/** Loads every R2-stored output the run may reference and isn't loaded yet. */
export async function hydrateOutputs(env: Env, run: RunView): Promise<void> {
  run.hydrated ??= new Map();
  for (const [id, value] of run.outputs) {
    if (!isOutputRef(value) || run.hydrated.has(id)) continue;
    // A look-alike reference stays what the step produced: plain data, not a pointer into storage.
    if (!ownsOutputRef(value, run.record.run_id, id)) continue;
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
  const key = outputKey(record.run_id, nodeId, attempt);
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
    createRunnerTask: (req) => createRunnerTask(env, record, req),
    callTool: (req) => callToolForRun(env, record, req),
  };
}

/**
 * A tool call of an `mcp_tool` step: the run's org, who started it, and the workflow's and the run's tool
 * policies. A refusal or failure becomes a `StepFailure` with the same code (rate limits retry after the
 * limiter's delay).
 */
async function callToolForRun(env: Env, record: RunRecord, req: StepToolCallRequest): Promise<StepToolCallResult> {
  const settings = (record.graph as Graph).settings;
  const nodeId = req.node_id;
  try {
    return await callTool(env, systemScope(record.org_id, "an mcp_tool step calls tools in its run's org"), {
      server_label: req.server_label,
      tool: req.tool,
      arguments: req.arguments,
      actor: record.created_by,
      run: {
        run_id: record.run_id,
        workflow_id: record.workflow_id,
        node_id: nodeId,
        ...(settings?.tool_policies ? { workflow_policies: settings.tool_policies } : {}),
        ...(record.tool_policies ? { run_policies: record.tool_policies } : {}),
      },
      ...(req.approved ? { approved: req.approved } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
      deadline: req.deadline,
    });
  } catch (err) {
    if (!(err instanceof ToolCallError)) throw err;
    throw new StepFailure(
      {
        code: err.code,
        message_human: err.message_human,
        message_tech: `${req.server_label}/${req.tool}: ${err.code}`,
        retryable: err.retryable,
        ...(err.retry_after_s !== undefined ? { retry_after_ms: Math.ceil(err.retry_after_s * 1000) } : {}),
      },
      { cause: err },
    );
  }
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
  const step = run.state.steps[node.id];
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
      ...(step?.approved_by !== undefined
        ? { approval: { by: step.approved_by, comment: step.approval_comment ?? null } }
        : {}),
    },
    servicesFor(env, record),
  );
  if (node.type === "llm") await recordLlmUsage(env, record, result);
  return offloadLargeOutput(env, record, node.id, exec.attempt, result);
}

/** What a metered `llm` attempt reports: the model, token counts, cost and how many completions it took. */
interface LlmSpend {
  model?: unknown;
  calls?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  cost_usd?: unknown;
}

/**
 * What an `llm` attempt spent: the output of a success or of an answer held for review, or the `llm_usage` an
 * `llm_output_invalid` failure carries (its completions were paid for even though the answer was refused).
 */
function llmSpendOf(result: StepResult): LlmSpend | null {
  const { outcome } = result;
  switch (outcome.kind) {
    case "succeeded":
      return outcome.output as LlmSpend | null;
    case "wait":
      return outcome.wait.reason === "approval" && outcome.wait.on_approve?.kind === "succeed"
        ? (outcome.wait.on_approve.output as LlmSpend | null)
        : null;
    case "failed": {
      const details = outcome.error.details as { llm_usage?: LlmSpend } | undefined;
      return outcome.error.code === "llm_output_invalid" ? (details?.llm_usage ?? null) : null;
    }
    default: {
      const _never: never = outcome;
      return _never;
    }
  }
}

/**
 * Meters an `llm` attempt that got an answer: a success, an answer held for review, or answers that failed the
 * output schema (the tokens are spent either way). Dry runs and other failures carry no usage. `recordUsage`
 * never throws.
 */
async function recordLlmUsage(env: Env, record: RunRecord, result: StepResult): Promise<void> {
  const out = llmSpendOf(result);
  if (!out || typeof out.model !== "string" || typeof out.usage !== "object" || out.usage === null) return;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const tokensIn = num(out.usage.prompt_tokens);
  const tokensOut = num(out.usage.completion_tokens);
  const cost = num(out.cost_usd);
  await recordUsage(env, record.org_id, {
    kind: "llm",
    key: out.model,
    run_id: record.run_id,
    workflow_id: record.workflow_id,
    calls: num(out.calls) ?? 1,
    ...(tokensIn !== undefined ? { tokens_in: tokensIn } : {}),
    ...(tokensOut !== undefined ? { tokens_out: tokensOut } : {}),
    ...(cost !== undefined ? { cost_usd: cost } : {}),
    at: Date.now(),
  });
}
