// Which steps are ready and which are skipped: edge liveness, join rules, skip propagation (incremental and from scratch).
import type { Draft } from "./draft";
import { ancestorsAndSelf, type CompiledEdge, type CompiledGraph, type CompiledNode } from "./graph-view";
import type { RunOptions, SkipReason, StepState } from "./state";

/** `live`: the edge carries control; `dead`: it never will; `unresolved`: its source isn't finished. */
export type EdgeState = "live" | "dead" | "unresolved";
/** What a pending step's inputs say so far. */
export type JoinVerdict = "ready" | "skip" | "wait";

/**
 * The `when` label a branching node took, from its output: `condition` → `{ result: boolean }` gives
 * "true"/"false"; `switch` → `{ value }` gives `String(value)` when an edge carries that label, else
 * "default". `null` when the output can't be branched on (the step then fails).
 */
export function branchLabel(node: CompiledNode, output: unknown): string | null {
  if (typeof output !== "object" || output === null) return null;
  switch (node.branching) {
    case "condition": {
      const result = (output as { result?: unknown }).result;
      return typeof result === "boolean" ? String(result) : null;
    }
    case "switch": {
      if (!("value" in output)) return null;
      const label = String((output as { value: unknown }).value);
      return node.outgoing.some((edge) => edge.when === label) ? label : "default";
    }
    case null:
      return null;
    default: {
      const _never: never = node.branching;
      return _never;
    }
  }
}

/**
 * State of an edge given its source step. An unlabelled edge is taken whenever its source succeeds.
 * A step skipped on purpose (`skip_steps`) keeps all its outgoing edges live: the user asked to pass
 * over it, not to cut the flow (for a branching node that means every branch; use `mock_data` to pick one).
 */
export function edgeState(edge: CompiledEdge, source: StepState): EdgeState {
  switch (source.status) {
    case "succeeded":
      return edge.when === null || edge.when === source.branch ? "live" : "dead";
    case "skipped":
      return source.skip_reason === "user_skipped" ? "live" : "dead";
    case "failed":
    case "canceled":
      return "dead";
    case "pending":
    case "running":
    case "waiting":
      return "unresolved";
    default: {
      const _never: never = source.status;
      return _never;
    }
  }
}

/**
 * Join rule for a step with `resolved` of its incoming edges resolved, `live` of them live.
 * `all` (default): ready once every input is resolved and one is live. `any`: ready at the first live
 * input. Both: skipped when every input is dead.
 */
export function joinVerdict(node: CompiledNode, inputs: { resolved: number; live: number }): JoinVerdict {
  const total = node.incoming.length;
  if (total === 0) return "ready";
  switch (node.join) {
    case "any":
      if (inputs.live > 0) return "ready";
      return inputs.resolved >= total ? "skip" : "wait";
    case "all":
      if (inputs.resolved < total) return "wait";
      return inputs.live > 0 ? "ready" : "skip";
    default: {
      const _never: never = node.join;
      return _never;
    }
  }
}

/** Marks a pending step skipped (a scheduling decision, not work) and announces it. */
export function skipStep(d: Draft, id: string, reason: SkipReason): void {
  const step = d.setStepStatus(id, "skipped");
  step.skip_reason = reason;
  step.finished_at = d.now;
  if (reason === "outside_until_step") d.state.excluded += 1;
  d.emit("step.completed", { node_id: id, status: "skipped", reason });
}

/** A step's inputs are satisfied: queue it, or skip it at once if the run options say so. */
function activate(d: Draft, id: string, work: string[]): void {
  const step = d.mutStep(id);
  step.ready_at = d.now;
  if (d.state.options.skip_steps.includes(id)) {
    skipStep(d, id, "user_skipped");
    work.push(id);
  } else {
    d.pushReady(id);
  }
}

/**
 * Resolves the outgoing edges of a step that just became terminal, transitively: O(edges touched).
 * Each source propagates exactly once because terminal statuses have no exits.
 */
export function propagateFrom(d: Draft, sourceId: string): void {
  const work = [sourceId];
  while (work.length > 0) {
    const id = work.pop() as string;
    const source = d.step(id);
    for (const edge of d.node(id).outgoing) {
      const before = d.step(edge.to);
      // Finished, already started (join any), or skipped up front: later arrivals change nothing.
      if (before.status !== "pending" || before.ready_at !== undefined) continue;
      const state = edgeState(edge, source);
      if (state === "unresolved") continue;
      const target = d.mutStep(edge.to);
      target.inputs_resolved += 1;
      if (state === "live") target.inputs_live += 1;
      const verdict = joinVerdict(d.node(edge.to), { resolved: target.inputs_resolved, live: target.inputs_live });
      if (verdict === "ready") activate(d, edge.to, work);
      else if (verdict === "skip") {
        skipStep(d, edge.to, "branch_not_taken");
        work.push(edge.to);
      }
    }
  }
}

/** Execution begins: apply `until_step`, then activate every start node. */
export function scheduleStart(d: Draft): void {
  const until = d.state.options.until_step;
  if (until) {
    const keep = ancestorsAndSelf(d.compiled, until);
    for (const id of d.compiled.order) {
      if (!keep.has(id) && d.step(id).status === "pending") skipStep(d, id, "outside_until_step");
    }
  }
  const work: string[] = [];
  for (const id of d.compiled.starts) {
    if (d.step(id).status === "pending" && d.step(id).ready_at === undefined) activate(d, id, work);
  }
  for (const id of work) propagateFrom(d, id);
}

/**
 * The same decisions computed from scratch in O(nodes + edges): which not-yet-activated pending steps
 * are ready now and which must be skipped (transitively). For inspection, recovery checks and tests;
 * the reducer uses the incremental {@link propagateFrom}.
 */
export function computeSchedule(
  compiled: CompiledGraph,
  steps: Readonly<Record<string, StepState>>,
  options: Pick<RunOptions, "skip_steps"> = { skip_steps: [] },
): { ready: string[]; skip: { node_id: string; reason: SkipReason }[] } {
  const virtual = new Map<string, StepState>();
  const ready: string[] = [];
  const skip: { node_id: string; reason: SkipReason }[] = [];
  for (const id of compiled.order) {
    const step = steps[id];
    const node = compiled.nodes.get(id);
    if (!step || !node || step.status !== "pending" || step.ready_at !== undefined) continue;
    let resolved = 0;
    let live = 0;
    for (const edge of node.incoming) {
      const source = virtual.get(edge.from) ?? steps[edge.from];
      const state = source ? edgeState(edge, source) : "unresolved";
      if (state !== "unresolved") resolved += 1;
      if (state === "live") live += 1;
    }
    const verdict = joinVerdict(node, { resolved, live });
    if (verdict === "ready" && options.skip_steps.includes(id)) {
      skip.push({ node_id: id, reason: "user_skipped" });
      virtual.set(id, { ...step, status: "skipped", skip_reason: "user_skipped" });
    } else if (verdict === "ready") {
      ready.push(id);
    } else if (verdict === "skip") {
      skip.push({ node_id: id, reason: "branch_not_taken" });
      virtual.set(id, { ...step, status: "skipped", skip_reason: "branch_not_taken" });
    }
  }
  return { ready, skip };
}
