// Recommended actions for a run's error code: what a person can do next, shown beside `last_error_human`.
/** The actions the UI knows how to offer. */
export const RECOMMENDED_ACTIONS = [
  "rerun_from_step",
  "rerun",
  "edit_node_timeout",
  "edit_run_timeout",
  "edit_retry_policy",
  "edit_node",
  "configure_connection",
  "edit_network_policy",
  "edit_expression",
  "view_logs",
] as const;
export type RecommendedActionKind = (typeof RECOMMENDED_ACTIONS)[number];

/** One suggestion, matching `recommended_actions` of `GET /runs/:id` (SPEC §4). */
export interface RecommendedAction {
  action: RecommendedActionKind;
  label: string;
  description: string;
  target_node_id?: string;
  params?: Record<string, unknown>;
}

/** What is known about the failure; every field optional. */
export interface ActionContext {
  node_id?: string | null;
  node_label?: string;
  /** The node's current timeout, for a suggested new one. */
  timeout_ms?: number;
  run_timeout_ms?: number;
}

/** Upper bound of a node timeout in the workflow contract (24 h). */
const MAX_NODE_TIMEOUT_MS = 86_400_000;

/**
 * Maps an error code to suggested actions, most useful first. Unknown codes get a generic
 * "retry from this step" and "view logs" so a failed run always offers a way forward.
 * @example recommendedActions("step_timeout", { node_id: "get_user", timeout_ms: 120_000 })[0].action // "edit_node_timeout"
 */
export function recommendedActions(code: string, context: ActionContext = {}): RecommendedAction[] {
  const node = context.node_id ?? undefined;
  const name = context.node_label ? `“${context.node_label}”` : "this step";
  const target = node ? { target_node_id: node } : {};
  const rerunFromStep: RecommendedAction = {
    action: "rerun_from_step",
    label: "Retry from this step",
    description: `Start a new run from ${name}, reusing the outputs of the steps before it.`,
    ...target,
    ...(node ? { params: { from_step: node } } : {}),
  };
  const rerun: RecommendedAction = {
    action: "rerun",
    label: "Run again",
    description: "Start the workflow again with the same input.",
  };
  const logs: RecommendedAction = {
    action: "view_logs",
    label: "View logs",
    description: "Read the technical details of the failure.",
    ...target,
  };
  const httpClass = /^http_status_([45])(\d\d|xx)$/.exec(code);
  if (httpClass)
    return httpActions(Number(`${httpClass[1]}${httpClass[2]?.replace("xx", "00")}`), name, target, rerunFromStep);

  switch (code) {
    case "step_timeout": {
      const current = context.timeout_ms;
      const suggested = current ? Math.min(current * 2, MAX_NODE_TIMEOUT_MS) : undefined;
      return [
        {
          action: "edit_node_timeout",
          label: "Raise the step timeout",
          description: `Give ${name} more time${current ? ` than ${Math.round(current / 1000)} s` : ""} to finish.`,
          ...target,
          ...(suggested ? { params: { timeout_ms: suggested } } : {}),
        },
        rerunFromStep,
        retryPolicy(name, target),
      ];
    }
    case "run_timeout": {
      const current = context.run_timeout_ms;
      return [
        {
          action: "edit_run_timeout",
          label: "Raise the run timeout",
          description: "Allow the whole run more time in the workflow settings.",
          ...(current ? { params: { run_timeout_ms: current * 2 } } : {}),
        },
        rerun,
      ];
    }
    case "network_blocked":
      return [
        {
          action: "edit_network_policy",
          label: "Review the network policy",
          description:
            "The address is blocked (private, loopback or not on the allowlist). Allow the domain or change the URL.",
          ...target,
        },
        editNode(name, target, "Change the URL"),
        rerunFromStep,
      ];
    case "connection_missing":
      return [connection(name, target), rerunFromStep];
    case "approval_rejected":
      return [{ ...rerunFromStep, label: "Ask for approval again" }, logs];
    case "expression_failed":
    case "expression_syntax":
      return [
        {
          action: "edit_expression",
          label: "Fix the expression",
          description: `An expression in ${name} could not be evaluated against this run's data.`,
          ...target,
        },
        rerunFromStep,
      ];
    default:
      return [rerunFromStep, logs];
  }
}

function httpActions(
  status: number,
  name: string,
  target: { target_node_id?: string },
  rerunFromStep: RecommendedAction,
): RecommendedAction[] {
  if (status === 401 || status === 403) return [connection(name, target), rerunFromStep];
  if (status === 408 || status === 429 || status >= 500) return [rerunFromStep, retryPolicy(name, target)];
  return [editNode(name, target, "Fix the request"), rerunFromStep];
}

function connection(name: string, target: { target_node_id?: string }): RecommendedAction {
  return {
    action: "configure_connection",
    label: "Set up the connection",
    description: `${capitalise(name)} needs valid credentials: add or renew its connection.`,
    ...target,
  };
}

function retryPolicy(name: string, target: { target_node_id?: string }): RecommendedAction {
  return {
    action: "edit_retry_policy",
    label: "Retry automatically",
    description: `Let ${name} retry with backoff when the service is slow or unavailable.`,
    ...target,
    params: { max_attempts: 3, backoff: "exponential", base_delay_ms: 1_000 },
  };
}

function editNode(name: string, target: { target_node_id?: string }, label: string): RecommendedAction {
  return { action: "edit_node", label, description: `Change the configuration of ${name}.`, ...target };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
