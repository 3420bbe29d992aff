// After a restart or eviction: the effects to re-issue so in-flight work resumes (at-least-once), without a state change.
import type { CompiledGraph } from "./graph-view";
import { type EngineEffect, idempotencyKey, timerId } from "./protocol";
import type { RunState } from "./state";
import { isTerminalRunStatus } from "./states";

/**
 * Effects to carry out when a run object starts up with a persisted state: every attempt that was
 * `running` is executed again with the same attempt number and idempotency key (its executor died with
 * the old instance; downstream APIs dedupe on the key), and every armed timer is re-armed (`set_timer`
 * is an upsert). Pure and idempotent: calling it twice yields the same effects. O(active steps + timers).
 * @example for (const effect of recoveryEffects(compiled, state)) await shell.carryOut(effect);
 */
export function recoveryEffects(compiled: CompiledGraph, state: RunState): EngineEffect[] {
  if (isTerminalRunStatus(state.status)) return [];
  const effects: EngineEffect[] = [];
  for (const [id, spec] of Object.entries(state.timers)) effects.push({ type: "set_timer", timer_id: id, ...spec });
  const running = Object.keys(state.active)
    .filter((id) => state.steps[id]?.status === "running")
    .sort((a, b) => (compiled.nodes.get(a)?.index ?? 0) - (compiled.nodes.get(b)?.index ?? 0));
  for (const id of running) {
    const attempt = state.steps[id]?.attempt ?? 1;
    const deadline = state.timers[timerId.stepTimeout(id, attempt)]?.due_at;
    effects.push({
      type: "execute_step",
      node_id: id,
      attempt,
      idempotency_key: idempotencyKey(state.run_id, id, attempt),
      timeout_at: deadline ?? 0,
    });
  }
  return effects;
}
