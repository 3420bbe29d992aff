// A copy-on-write working copy of the run state for one reduction, plus the effects it collects.
import { IllegalTransitionError, type StepError } from "./errors";
import { type CompiledGraph, type CompiledNode, nodeOf } from "./graph-view";
import type { EmittedEventType, EngineEffect, TimerSpec } from "./protocol";
import type { RunState, StepState } from "./state";
import { assertRunTransition, assertStepTransition, type RunStatus, type StepStatus, type WaitReason } from "./states";

/**
 * The reducer never mutates its input: the first write to each part of the state copies that part
 * (the steps table once per reduction, then each touched step), so an event costs O(degree) work plus
 * one shallow copy of the step table.
 */
export class Draft {
  readonly compiled: CompiledGraph;
  readonly now: number;
  readonly random: (seed: string) => number;
  readonly effects: EngineEffect[] = [];
  /** Steps written in this reduction (the shell may persist only these rows). */
  readonly changedSteps = new Set<string>();
  /** A final step failure recorded by step handlers; the run fails when the reduction settles. */
  failure: { error: StepError; node_id: string | null } | null = null;
  state: RunState;
  private readonly copied = new Set<"steps" | "timers" | "counts" | "active" | "ready">();

  constructor(compiled: CompiledGraph, base: RunState, now: number, random: (seed: string) => number) {
    this.compiled = compiled;
    this.state = { ...base };
    this.now = now;
    this.random = random;
  }

  node(id: string): CompiledNode {
    return nodeOf(this.compiled, id);
  }

  /** Read a step (throws for an unknown id: callers check ids from events first). */
  step(id: string): StepState {
    const step = this.state.steps[id];
    if (!step) throw new IllegalTransitionError("step", "unknown", "any", id);
    return step;
  }

  /** A writable copy of a step, registered in the working state. */
  mutStep(id: string): StepState {
    const steps = this.own("steps", (s) => ({ ...s.steps }));
    if (!this.changedSteps.has(id)) {
      steps[id] = { ...this.step(id) };
      this.changedSteps.add(id);
    }
    return steps[id] as StepState;
  }

  /** Moves a step to `to` (checked against the transition table) and keeps counts and `active` in sync. */
  setStepStatus(id: string, to: StepStatus): StepState {
    const step = this.mutStep(id);
    assertStepTransition(step.status, to, id);
    const counts = this.own("counts", (s) => ({ ...s.counts }));
    counts[step.status] -= 1;
    counts[to] += 1;
    step.status = to;
    this.syncActive(id);
    return step;
  }

  /** Schedules or clears a step's retry (`retry_at`), keeping the retrying count in sync. */
  setRetryAt(id: string, at: number | undefined): void {
    const step = this.mutStep(id);
    if ((step.retry_at === undefined) !== (at === undefined)) this.state.retrying += at === undefined ? -1 : 1;
    if (at === undefined) delete step.retry_at;
    else step.retry_at = at;
    this.syncActive(id);
  }

  private syncActive(id: string): void {
    const step = this.step(id);
    const on = step.status === "running" || step.status === "waiting" || step.retry_at !== undefined;
    if (on === id in this.state.active) return;
    const active = this.own("active", (s) => ({ ...s.active }));
    if (on) active[id] = true;
    else delete active[id];
  }

  /** Moves the run (checked against the transition table) and emits `execution.status_changed`. */
  moveRun(to: RunStatus, reason: WaitReason | null = null): void {
    const from = this.state.status;
    if (from === to && this.state.wait_reason === reason) return;
    if (from !== to) assertRunTransition(from, to, reason ?? undefined);
    this.state.status = to;
    this.state.wait_reason = to === "waiting" ? reason : null;
    if (from !== to) this.emit("execution.status_changed", { from, to, ...(reason ? { reason } : {}) });
  }

  setTimer(timerId: string, spec: TimerSpec): void {
    const timers = this.own("timers", (s) => ({ ...s.timers }));
    timers[timerId] = spec;
    this.effects.push({ type: "set_timer", timer_id: timerId, ...spec });
  }

  /** Disarms a timer if armed. `announce: false` for a timer that just fired (the shell drops fired rows itself). */
  clearTimer(timerId: string, announce = true): void {
    if (!(timerId in this.state.timers)) return;
    const timers = this.own("timers", (s) => ({ ...s.timers }));
    delete timers[timerId];
    if (announce) this.effects.push({ type: "clear_timer", timer_id: timerId });
  }

  pushReady(id: string): void {
    this.own("ready", (s) => [...s.ready]).push(id);
  }

  /** Takes the ready queue (FIFO) and empties it. */
  takeReady(): string[] {
    const ready = this.state.ready;
    this.state.ready = [];
    this.copied.add("ready");
    return ready;
  }

  emit(eventType: EmittedEventType, data: Record<string, unknown>): void {
    this.effects.push({ type: "emit", event_type: eventType, data });
  }

  effect(effect: EngineEffect): void {
    this.effects.push(effect);
  }

  /** Copy-on-write of one top-level part of the state. */
  private own<K extends "steps" | "timers" | "counts" | "active" | "ready">(
    key: K,
    copy: (s: RunState) => RunState[K],
  ): RunState[K] {
    if (!this.copied.has(key)) {
      this.state[key] = copy(this.state);
      this.copied.add(key);
    }
    return this.state[key];
  }
}
