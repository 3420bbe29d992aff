// The executor interface: what the run object hands an executor for one step attempt, and what it gets back.
import type { NodeType } from "../contracts/node-types";
import type { WorkflowNode } from "../contracts/workflow";
import type { ExpressionContext } from "../engine/expressions";
import type { StepOutcome } from "../engine/run/outcomes";
import type { SafeFetchInit, SafeResponse } from "../net";

/** The workflow node of one type, with its parsed config. */
export type NodeOf<T extends NodeType = NodeType> = Extract<WorkflowNode, { type: T }>;

/** The run an attempt belongs to. */
export interface StepRun {
  id: string;
  workflow_id: string;
  version: number;
  org_id: string;
  correlation_id: string;
  /** Side-effecting steps (registry `hasSideEffects`) return a preview instead of acting. */
  dry_run: boolean;
}

/** Everything one attempt of one step needs. Built by the run object from an `execute_step` effect. */
export interface StepInput<N extends WorkflowNode = WorkflowNode> {
  run: StepRun;
  node: N;
  /** 1-based. */
  attempt: number;
  /** `${run_id}:${node_id}:${attempt}` (engine `idempotencyKey`); `http` sends it as `Idempotency-Key`. */
  idempotencyKey: string;
  /** What expressions see. Never holds secrets: credentials come only from `resolveConnection`. */
  context: ExpressionContext;
  /** Milliseconds since the epoch, when the attempt started. Executors never read the clock. */
  now: number;
  /** When the attempt times out (the effect's `timeout_at`): outbound calls are aborted by then. */
  deadline: number;
  /** Aborted when the run is canceled; outbound calls stop at once. */
  signal?: AbortSignal;
  /** For `$random()` in expressions; JSONata's own when absent. */
  random?: () => number;
  /**
   * Set when a person approved this step at a gate (`on_approve: execute`): the executor may now do what
   * it asked permission for, without asking again.
   */
  approval?: { by: string; comment: string | null };
}

/** `safeFetch`'s options minus what the bound service owns (the org's policy, the platform fetch). */
export type StepFetchInit = Omit<SafeFetchInit, "policy" | "fetchImpl">;

/** Starting a child run for a `subworkflow` step. */
export interface StartChildRunRequest {
  workflow_id: string;
  version?: number;
  input: unknown;
  /**
   * Stable for the step within its run (`${run_id}:${node_id}`, not per attempt): the service must return the
   * same child for the same key, so neither a crash nor a retry after a timeout starts a second child.
   */
  idempotency_key: string;
  parent: { run_id: string; node_id: string; attempt: number; org_id: string; correlation_id: string };
}

/** Publishing an `emit_event` event to the org's destinations. */
export interface PublishEventRequest {
  type: string;
  payload: unknown;
  /** Stable for the step within its run: publishing the same id twice must deliver once. */
  event_id: string;
  org_id: string;
  correlation_id: string;
  /** When the step produced it (ISO 8601), for the event's `occurred_at`. */
  occurred_at: string;
}

/** Storing a `render` step's document. Same run and name → same key (a re-run overwrites, never duplicates). */
export interface PutArtifactRequest {
  run_id: string;
  node_id: string;
  name: string;
  body: string | Uint8Array;
  content_type: string;
}

/** A connection's credentials, ready to apply to a request. Every value here is secret. */
export interface ResolvedConnection {
  id: string;
  /** Headers the connection adds (they override the node's own headers of the same name). */
  headers: Record<string, string>;
  /** Query parameters the connection adds (APIs that take a key in the URL). */
  query?: Record<string, string>;
  /** More strings to redact (header and query values are redacted anyway). */
  secretValues?: readonly string[];
}

/** Calling a tool for an `mcp_tool` step; the bound service adds the run, its policies and the actor. */
export interface StepToolCallRequest {
  /** The calling step (for audit and usage). */
  node_id: string;
  server_label: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** A person approved this call at the step's gate: call it without asking again. */
  approved?: { by: string };
  /** When the attempt times out (ms since the epoch). */
  deadline: number;
  signal?: AbortSignal;
}

/** What a tool call gives back: the tool's answer, or "a policy asks a person first". */
export type StepToolCallResult =
  | { kind: "ok"; content: unknown[]; structured: unknown | null; is_error: boolean; duration_ms: number }
  | { kind: "ask"; tool_key: string; reason: string };

/** Queuing a command for a runner (an external task the step then waits for). */
export interface CreateRunnerTaskRequest {
  run_id: string;
  node_id: string;
  attempt: number;
  /** The attempt's key: the same key returns the same task (a recovered attempt does not queue twice). */
  idempotency_key: string;
  /** A runner must carry every one of these labels. */
  labels: string[];
  command: string;
  env: Record<string, string>;
  timeout_ms: number;
  /** ENV_NAME → connection id; the secret is resolved only when a runner claims the task. */
  connection_env?: Record<string, string>;
  /** Working directory relative to the runner's `--workdir`. */
  workdir?: string | null;
}

/**
 * What executors may call: the run object binds each to the run's org. A service may throw `StepFailure`
 * (engine/run/errors) to fail the step with a precise error; anything else becomes a retryable `unknown`.
 */
export interface ExecutorServices {
  /** `safeFetch` with the org's network policy already bound. Throws `NetworkPolicyError` / `FetchFailedError`. */
  fetch(url: string, init: StepFetchInit): Promise<SafeResponse>;
  startChildRun(request: StartChildRunRequest): Promise<{ child_run_id: string }>;
  publishEvent(request: PublishEventRequest): Promise<void>;
  /** Absent when no artifact store is bound: `render` then keeps the whole document in its output. */
  putArtifact?(request: PutArtifactRequest): Promise<{ key: string; size: number }>;
  /** Absent until connections exist: `http` steps with a `connection_id` then fail with `not_available`. */
  resolveConnection?(request: { org_id: string; connection_id: string }): Promise<ResolvedConnection | null>;
  /**
   * Calls a tool through the org's whitelist, policies and rate limits. Throws `StepFailure` when the call is
   * refused or fails (codes `tool_denied`, `tool_not_allowed`, `tool_rate_limited`, `mcp_server_*`,
   * `tool_not_found`, `tool_failed`). Absent where tools are not bound.
   */
  callTool?(request: StepToolCallRequest): Promise<StepToolCallResult>;
  /** Queues a runner task (idempotent on `idempotency_key`); absent where runners are not bound. */
  createRunnerTask?(request: CreateRunnerTaskRequest): Promise<{ task_id: string }>;
}

/** What one executor returns; `executeStep` redacts it into a {@link StepResult}. */
export interface ExecutorResult {
  outcome: StepOutcome;
  /** The rendered config the attempt actually used (unredacted here). */
  data_in: unknown;
  /** Secrets met during the attempt (connection credentials), to redact from every snapshot. */
  secretValues?: readonly string[];
}

/** Runs one attempt of a node of type `T`. Throwing is allowed: `executeStep` turns it into a failed outcome. */
export type Executor<T extends NodeType> = (
  input: StepInput<NodeOf<T>>,
  services: ExecutorServices,
) => Promise<ExecutorResult>;

/** What the run object persists and feeds back after one attempt. */
export interface StepResult {
  /**
   * For the reducer (`step_outcome`). A success's `output` is NOT redacted (later steps may need a token an
   * API returned); persist and broadcast `data_out` instead. A failure's error is redacted.
   */
  outcome: StepOutcome;
  /** Redacted rendered config. */
  data_in: unknown;
  /** Redacted output of a success; `null` for a failure or a wait (a wait's result arrives later as an event). */
  data_out: unknown;
}
