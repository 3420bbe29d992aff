// The persisted run state (JSON-serialisable) and its constructor, with partial-run options checked up front.
import { EngineInputError, type StepError } from "./errors";
import type { CompiledGraph } from "./graph-view";
import type { WaitRequest } from "./outcomes";
import type { PreflightSummary, TimerSpec } from "./protocol";
import type { RunStatus, StepStatus, WaitReason } from "./states";

/** Why a step was skipped: a branch not taken, a `skip_steps` entry, or outside `until_step`. */
export type SkipReason = "branch_not_taken" | "user_skipped" | "outside_until_step";

/** Partial-run options (SPEC §4), stored with the run and honoured by the scheduler. */
export interface RunOptions {
  /** Marked `skipped`; their outgoing edges count as live (output `null`), so downstream still runs. */
  skip_steps: string[];
  /** Steps that succeed with this output without executing. */
  mock_data: Record<string, unknown>;
  /** Run only this step and its ancestors; everything else is skipped up front. */
  until_step: string | null;
}

/** One step's engine state. Outputs are not kept here (the shell stores `data_out`), except the branch taken. */
export interface StepState {
  status: StepStatus;
  /** Latest attempt dispatched (1-based); 0 before the first. */
  attempt: number;
  /** Incoming edges resolved / live so far: join decisions in O(1) per arrival. */
  inputs_resolved: number;
  inputs_live: number;
  /** When the step's inputs were satisfied; also marks a join-`any` node as already started. */
  ready_at?: number;
  started_at?: number;
  attempt_started_at?: number;
  finished_at?: number;
  /** Set while a retry is scheduled (status `pending`). */
  retry_at?: number;
  /** For `condition`/`switch`: the `when` label taken. */
  branch?: string;
  skip_reason?: SkipReason;
  mocked?: boolean;
  /** The wait in progress (status `waiting`), with when it began. */
  wait?: WaitRequest & { since: number };
  /** Error of the latest failed attempt. */
  error?: StepError;
  /**
   * Who approved this step at a gate (`on_approve: execute`): the executor then acts without asking again
   * (also on later retries of the step in this run).
   */
  approved_by?: string;
  approval_comment?: string;
  /** Set between a gate's approval and the re-execution: that start continues the gated attempt. */
  reuse_attempt?: true;
}

/** The run's latest error, shown as `last_error_human` / `last_error_tech`. */
export interface RunError {
  code: string;
  node_id: string | null;
  human: string;
  tech: string | null;
}

/** Everything the reducer needs to continue a run; persist it after every reduction. */
export interface RunState {
  run_id: string;
  status: RunStatus;
  /** Set while `waiting`. */
  wait_reason: WaitReason | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  options: RunOptions;
  steps: Record<string, StepState>;
  /** Steps whose inputs are satisfied but that are not started yet (held while paused), FIFO. */
  ready: string[];
  /** Armed timers by id: the shell's timers table mirrors this through set/clear effects. */
  timers: Record<string, TimerSpec>;
  /** Step count per status, so run status and progress are O(1). */
  counts: Record<StepStatus, number>;
  /** Steps running, waiting or with a retry scheduled (for `current_step`; small: the parallel width). */
  active: Record<string, true>;
  /** Steps pending with a scheduled retry. */
  retrying: number;
  /** Steps skipped because they are outside `until_step` (left out of progress). */
  excluded: number;
  paused: { by: string; at: number; from: "running" | "waiting" } | null;
  preflight: PreflightSummary | null;
  last_error: RunError | null;
  canceled: { by: string; reason: string | null } | null;
  /** Last progress value emitted (0–100). */
  progress: number;
}

/** Input of {@link createRunState}. */
export interface CreateRunInput {
  run_id: string;
  now: number;
  options?: Partial<RunOptions>;
}

/**
 * A fresh `queued` run with every step `pending`. Throws {@link EngineInputError} when an option names
 * a step the graph doesn't have (a typo must not silently run everything).
 * @example const state = createRunState(compiled, { run_id: "run_1", now: Date.now(), options: { until_step: "fetch" } });
 */
export function createRunState(compiled: CompiledGraph, input: CreateRunInput): RunState {
  const options: RunOptions = {
    skip_steps: [...new Set(input.options?.skip_steps ?? [])],
    mock_data: { ...(input.options?.mock_data ?? {}) },
    until_step: input.options?.until_step ?? null,
  };
  const unknown = [
    ...options.skip_steps,
    ...Object.keys(options.mock_data),
    ...(options.until_step ? [options.until_step] : []),
  ].filter((id) => !compiled.nodes.has(id));
  if (unknown.length > 0) {
    throw new EngineInputError("invalid_run_options", `Unknown step(s) in run options: ${unknown.join(", ")}`);
  }
  const steps: Record<string, StepState> = {};
  for (const id of compiled.order) steps[id] = { status: "pending", attempt: 0, inputs_resolved: 0, inputs_live: 0 };
  return {
    run_id: input.run_id,
    status: "queued",
    wait_reason: null,
    created_at: input.now,
    started_at: null,
    completed_at: null,
    options,
    steps,
    ready: [],
    timers: {},
    counts: { pending: compiled.size, running: 0, waiting: 0, succeeded: 0, failed: 0, skipped: 0, canceled: 0 },
    active: {},
    retrying: 0,
    excluded: 0,
    paused: null,
    preflight: null,
    last_error: null,
    canceled: null,
    progress: 0,
  };
}
