// A deterministic in-memory shell for tests and a reference for the Durable Object: fake timers, an executor queue.
import { type CompiledGraph, compileGraph, type EngineGraph } from "./graph-view";
import type { StepOutcome } from "./outcomes";
import type { EmittedEventType, EngineEffect, EngineEvent, TimerSpec } from "./protocol";
import { type ReduceOptions, reduce } from "./reducer";
import { createRunState, type RunOptions, type RunState } from "./state";

/** An `execute_step` effect the simulator holds until it is answered. */
export interface PendingCall {
  node_id: string;
  attempt: number;
  idempotency_key: string;
}

/** Decides an attempt's outcome; `null` leaves the call hanging (e.g. to test deadlines). */
export type SimExecutor = (call: PendingCall & { type: string; now: number }) => StepOutcome | null;

/** An event without `now` (the simulator stamps its own clock); distributive over the union. */
export type UnstampedEvent = EngineEvent extends infer E ? (E extends unknown ? Omit<E, "now"> : never) : never;

/**
 * Drives the reducer like the shell will: persists the returned state, mirrors `set_timer`/`clear_timer`
 * in a timers table, queues `execute_step` calls, records emitted events.
 * @example const sim = new RunSimulator(graph); sim.send({ type: "start" }); sim.runToEnd(() => ({ kind: "succeeded", output: {} }));
 */
export class RunSimulator {
  readonly compiled: CompiledGraph;
  state: RunState;
  now: number;
  readonly timers = new Map<string, TimerSpec>();
  readonly calls: PendingCall[] = [];
  readonly effects: EngineEffect[] = [];
  /** Every `execute_step` ever issued, in order. */
  readonly executed: PendingCall[] = [];
  private readonly reduceOptions: ReduceOptions;

  constructor(
    graph: EngineGraph | CompiledGraph,
    init: { run_id?: string; now?: number; options?: Partial<RunOptions>; random?: () => number } = {},
  ) {
    this.compiled = "order" in graph ? graph : compileGraph(graph);
    this.now = init.now ?? 1_000_000;
    this.state = createRunState(this.compiled, {
      run_id: init.run_id ?? "run_1",
      now: this.now,
      ...(init.options ? { options: init.options } : {}),
    });
    this.reduceOptions = init.random ? { random: init.random } : {};
  }

  /** Reduces one event at the current time and carries out its effects; returns the effects. */
  send(event: UnstampedEvent): EngineEffect[] {
    const result = reduce(this.compiled, this.state, { ...event, now: this.now } as EngineEvent, this.reduceOptions);
    this.state = result.state;
    for (const effect of result.effects) this.apply(effect);
    return result.effects;
  }

  private apply(effect: EngineEffect): void {
    this.effects.push(effect);
    switch (effect.type) {
      case "execute_step": {
        const call = { node_id: effect.node_id, attempt: effect.attempt, idempotency_key: effect.idempotency_key };
        this.calls.push(call);
        this.executed.push(call);
        return;
      }
      case "set_timer": {
        const { type: _type, timer_id, ...spec } = effect;
        this.timers.set(timer_id, spec);
        return;
      }
      case "clear_timer":
        this.timers.delete(effect.timer_id);
        return;
      case "emit":
      case "cancel_child":
      case "cancel_external":
      case "run_finished":
        return;
      default: {
        const _never: never = effect;
        throw new Error(`Unhandled effect ${JSON.stringify(_never)}`);
      }
    }
  }

  /** Answers the oldest pending call for `nodeId` (or the oldest call) with `outcome`. */
  answer(outcome: StepOutcome, nodeId?: string): PendingCall {
    const index = nodeId === undefined ? 0 : this.calls.findIndex((c) => c.node_id === nodeId);
    const call = this.calls[index];
    if (index < 0 || !call) throw new Error(`no pending call${nodeId ? ` for ${nodeId}` : ""}`);
    this.calls.splice(index, 1);
    this.send({ type: "step_outcome", node_id: call.node_id, attempt: call.attempt, outcome });
    return call;
  }

  /** Fires the earliest timer, moving the clock to its due time; false when none is armed. */
  fireNextTimer(): boolean {
    let next: [string, TimerSpec] | null = null;
    for (const entry of this.timers) if (!next || entry[1].due_at < next[1].due_at) next = entry;
    if (!next) return false;
    this.now = Math.max(this.now, next[1].due_at);
    this.timers.delete(next[0]);
    this.send({ type: "timer_fired", timer_id: next[0] });
    return true;
  }

  /** Fires one specific timer now (whatever its due time). */
  fire(timerId: string): EngineEffect[] {
    this.timers.delete(timerId);
    return this.send({ type: "timer_fired", timer_id: timerId });
  }

  /**
   * Answers calls with `executor` and fires timers until the run finishes or nothing is left to do.
   * Bounded by `maxSteps` so a bug shows up as a failing assertion, not a hung test.
   */
  runToEnd(executor: SimExecutor, maxSteps = 100_000): RunState {
    for (let i = 0; i < maxSteps; i++) {
      if (["completed", "failed", "canceled"].includes(this.state.status)) return this.state;
      const call = this.calls.shift();
      if (call) {
        const type = this.compiled.nodes.get(call.node_id)?.node.type ?? "";
        const outcome = executor({ ...call, type, now: this.now });
        if (outcome) this.send({ type: "step_outcome", node_id: call.node_id, attempt: call.attempt, outcome });
        continue;
      }
      if (!this.fireNextTimer()) return this.state;
    }
    throw new Error(`run did not finish within ${maxSteps} steps`);
  }

  /** Emitted events of a type, in order. */
  emitted(eventType?: EmittedEventType): { event_type: EmittedEventType; data: Record<string, unknown> }[] {
    return this.effects.flatMap((e) =>
      e.type === "emit" && (eventType === undefined || e.event_type === eventType)
        ? [{ event_type: e.event_type, data: e.data }]
        : [],
    );
  }

  /** Status of every step, by node id. */
  statuses(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.state.steps).map(([id, s]) => [id, s.status]));
  }
}
