// Step executors: the exhaustive map from node type to executor, and `executeStep`, the run object's one entry point.
import type { NodeType } from "../contracts/node-types";
import { redactSnapshot } from "../engine/redact";
import { type StepError, toStepError } from "../engine/run/errors";
import { type StepOutcome, StepOutcome as StepOutcomeSchema } from "../engine/run/outcomes";
import { executeApproval } from "./approval";
import { executeCondition } from "./condition";
import { executeDelay } from "./delay";
import { executeEmitEvent } from "./emit-event";
import { executeHttp } from "./http";
import { executeLlm } from "./llm";
import { executeMcpTool } from "./mcp-tool";
import { executeNoop } from "./noop";
import { executeRender } from "./render";
import { executeRunner } from "./runner";
import { executeSet } from "./set";
import { executeSubworkflow } from "./subworkflow";
import { executeSwitch } from "./switch";
import { executeTransform } from "./transform";
import type { Executor, ExecutorResult, ExecutorServices, NodeOf, StepInput, StepResult } from "./types";
import { executeWaitEvent } from "./wait-event";

export type * from "./types";

/** One executor per node type; adding a type to `NodeType` without one here is a type error. */
export const EXECUTORS: { readonly [T in NodeType]: Executor<T> } = {
  http: executeHttp,
  transform: executeTransform,
  condition: executeCondition,
  switch: executeSwitch,
  delay: executeDelay,
  approval: executeApproval,
  wait_event: executeWaitEvent,
  subworkflow: executeSubworkflow,
  emit_event: executeEmitEvent,
  llm: executeLlm,
  mcp_tool: executeMcpTool,
  render: executeRender,
  noop: executeNoop,
  set: executeSet,
  runner: executeRunner,
};

function dispatch<T extends NodeType>(
  type: T,
  input: StepInput<NodeOf<T>>,
  services: ExecutorServices,
): Promise<ExecutorResult> {
  const executor: Executor<T> = EXECUTORS[type];
  return executor(input, services);
}

function redactError(error: StepError, secretValues: readonly string[]): StepError {
  return redactSnapshot(error, { secretValues }) as StepError;
}

/**
 * Checks an outcome against the engine's schema (an invalid one is an executor bug: failed, not retried, since
 * the same code fails the same way), redacts a failure's error, and turns a missing output into `null` (JSON
 * persistence drops `undefined`; the reducer and the snapshot should agree on what was produced).
 */
function normaliseOutcome(input: StepInput, raw: StepOutcome, secretValues: readonly string[]): StepOutcome {
  const parsed = StepOutcomeSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      kind: "failed",
      error: {
        code: "invalid_outcome",
        message_human: "The step produced a result the engine cannot use",
        message_tech: `${input.node.type} executor returned an invalid outcome: ${parsed.error.message}`,
        retryable: false,
      },
    };
  }
  const outcome = parsed.data;
  switch (outcome.kind) {
    case "succeeded":
      return { kind: "succeeded", output: outcome.output ?? null };
    case "failed":
      return { kind: "failed", error: redactError(outcome.error, secretValues) };
    case "wait":
      return outcome;
    default: {
      const _never: never = outcome;
      return _never;
    }
  }
}

/**
 * Runs one attempt of a step and never throws: whatever the executor throws becomes a failed outcome
 * (`StepFailure` keeps its error; anything else is a retryable `unknown`). Redacts `data_in`, `data_out` and the
 * error (secret-looking keys, and every connection secret the attempt met); a success's `output` is left whole
 * for the reducer, since later steps may need what it holds. The outcome is checked against `StepOutcome`.
 * @example
 * const { outcome, data_in, data_out } = await executeStep(input, services);
 * state = reduce(compiled, state, { type: "step_outcome", node_id, attempt, outcome, now }).state;
 */
export async function executeStep(input: StepInput, services: ExecutorServices): Promise<StepResult> {
  let result: ExecutorResult;
  try {
    result = await dispatch(input.node.type, input, services);
  } catch (err) {
    result = { outcome: { kind: "failed", error: toStepError(err) }, data_in: input.node.config };
  }
  const secretValues = result.secretValues ?? [];
  const outcome = normaliseOutcome(input, result.outcome, secretValues);
  return {
    outcome,
    data_in: redactSnapshot(result.data_in, { secretValues }),
    data_out: outcome.kind === "succeeded" ? redactSnapshot(outcome.output, { secretValues }) : null,
  };
}
