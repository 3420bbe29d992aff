// Public API of the run engine for the RunObject shell and the API routes (see ARCHITECTURE.md).
export { type ActionContext, type RecommendedAction, recommendedActions } from "./actions";
export {
  EngineInputError,
  formatDuration,
  IllegalTransitionError,
  StepError,
  StepFailure,
  toStepError,
} from "./errors";
export {
  type CompiledGraph,
  compileGraph,
  DEFAULT_NODE_TIMEOUT_MS,
  DEFAULT_RUN_TIMEOUT_MS,
  type EngineEdge,
  type EngineGraph,
  type EngineNode,
} from "./graph-view";
export { ExternalOutcome, ExternalRef, OnApprove, StepOutcome, WaitRequest } from "./outcomes";
export {
  type CurrentStep,
  currentStep,
  type PhaseMetric,
  phaseMetrics,
  progressOf,
  type RunView,
  runView,
} from "./progress";
export {
  EMITTED_EVENT_TYPES,
  type EmittedEventType,
  type EngineEffect,
  type EngineEvent,
  idempotencyKey,
  type PreflightSummary,
  type TimerSpec,
  timerId,
} from "./protocol";
export { recoveryEffects } from "./recovery";
export { type ReduceOptions, type ReduceResult, reduce } from "./reducer";
export { backoffDelay, DEFAULT_RETRY_POLICY, decideRetry } from "./retry";
export { computeSchedule } from "./scheduler";
export { type CreateRunInput, createRunState, type RunOptions, type RunState, type StepState } from "./state";
export { RunStatus, StepStatus, WaitReason } from "./states";
