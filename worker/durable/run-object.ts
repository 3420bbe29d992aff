/**
 * `RunObject`: one Durable Object (SQLite) per run, a thin shell around the pure engine
 * (`worker/engine/run`). It persists each reduction synchronously, carries out the effects
 * (executes steps, arms its one alarm for the earliest timer, appends events, syncs the D1 index)
 * and feeds outcomes back. Steps execute in the alarm handler, never inside an RPC, so a long run
 * yields and its own RPCs (cancel, approve) are served between steps. See
 * `worker/engine/run/ARCHITECTURE.md` for the contract this file implements.
 */
import { DurableObject } from "cloudflare:workers";
import { publishEvent } from "../automations/events";
import type { Graph, WorkflowNode } from "../contracts/workflow";
import { redactSnapshot } from "../engine/redact";
import {
  type CompiledGraph,
  compileGraph,
  createRunState,
  type EngineEffect,
  type EngineEvent,
  ExternalOutcome,
  type RunOptions,
  type RunState,
  recoveryEffects,
  reduce,
  runView,
  StepOutcome,
  toStepError,
} from "../engine/run";
import { currentStep } from "../engine/run/progress";
import { isTerminalRunStatus } from "../engine/run/states";
import { RUN_NOT_FOUND } from "../errors";
import { describeError, log } from "../lib/log";
import { externalLogEntries } from "../runners/run-logs";
import { chainDepthOf } from "../triggers/event-rules";
import { fireEventTriggers } from "../triggers/events";
import { isJobRecord, writeJobArtifacts } from "./run-artifacts";
import { executeStepForRun } from "./run-executor";
import { cancelExternal } from "./run-external";
import { syncRunIndex } from "./run-index";
import { logLineFor } from "./run-logs";
import { runPreflight } from "./run-preflight";
import { broadcast, subscribe } from "./run-sockets";
import { type AttemptRecord, type PendingExec, type RunRecord, RunStore } from "./run-store";
import { buildRunDetail, buildStepViews } from "./run-views";

/** Steps executed concurrently (a Worker invocation holds about 6 outgoing connections). */
const MAX_PARALLEL = 6;
/** Steps executed in one alarm before yielding (a new alarm continues at once). */
const STEPS_PER_ALARM = 500;
/** Engine events that become automation events for destinations (SPEC §7). */
const PLATFORM_EVENTS: Partial<Record<string, string>> = {
  "execution.completed": "run.completed",
  "execution.failed": "run.failed",
  "execution.canceled": "run.canceled",
  "step.failed": "step.failed",
  "approval.requested": "approval.requested",
};

/** Retry a failed D1 index sync after this long. */
const INDEX_RETRY_MS = 5_000;

interface Loaded {
  record: RunRecord;
  compiled: CompiledGraph;
  nodes: Map<string, WorkflowNode>;
  state: RunState;
  outputs: Map<string, unknown>;
  lastSeq: number;
}

/** Input of {@link RunObject.init}: the run's record and partial-run options. */
export interface InitRun {
  record: RunRecord;
  options?: Partial<RunOptions>;
}

export class RunObject extends DurableObject<Env> {
  private store!: RunStore;
  private loaded: Loaded | null = null;
  private readonly inflight = new Map<string, AbortController>();
  private lastProgressSync = 0;
  /** While the alarm drains pending steps it arms the alarm once at the end, not after every step. */
  private draining = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Keep-alive pings are answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
    ctx.blockConcurrencyWhile(async () => {
      this.store = new RunStore(ctx.storage.sql);
      const loaded = this.load();
      // Woken after a restart or eviction: re-issue in-flight work (at-least-once) and re-arm timers.
      if (loaded) this.recover(loaded);
    });
  }

  // ---------------------------------------------------------------- RPC

  /** Creates the run (idempotent: a second call returns the existing run's status). */
  async init(input: InitRun): Promise<{ status: string; created: boolean }> {
    const existing = this.load();
    if (existing) return { status: existing.state.status, created: false };
    const graph = input.record.graph as Graph;
    const compiled = compileGraph(graph);
    const state = createRunState(compiled, { run_id: input.record.run_id, now: Date.now(), options: input.options });
    this.ctx.storage.transactionSync(() => {
      this.store.saveRecord(input.record);
      this.store.saveState(state, compiled.order);
    });
    this.loaded = null;
    const loaded = this.load();
    if (!loaded) throw new Error("run did not persist");
    this.emitRaw(loaded, "execution.created", { trigger: input.record.trigger, dry_run: input.record.dry_run });
    this.broadcast();
    // Without a free concurrency slot the run stays `queued` (SPEC §4) until the slot's holder
    // finishes and the SlotsObject admits it, in arrival order.
    if (await this.acquireSlot(loaded.record)) await this.startWithPreflight();
    return { status: this.mustLoad().state.status, created: true };
  }

  /** Starts execution, or parks the run in `needs_review` when preflight finds blocking issues. */
  private async startWithPreflight(): Promise<void> {
    const l = this.mustLoad();
    await this.dispatch({ type: "start", now: Date.now(), preflight: runPreflight(this.env, l.record) });
  }

  /** The run state of SPEC §4 (JSON, to keep RPC types simple). */
  async detail(): Promise<string> {
    const l = this.mustLoad();
    return JSON.stringify(
      buildRunDetail(l.record, l.compiled, l.state, runView(l.compiled, l.state), this.finalOutput(l)),
    );
  }

  /** Every step with its snapshots and attempts (JSON). */
  async steps(): Promise<string> {
    const l = this.mustLoad();
    return JSON.stringify(buildStepViews(l.compiled, l.nodes, this.store.stepRows()));
  }

  async status(): Promise<{ status: string; wait_reason: string | null }> {
    const l = this.mustLoad();
    return { status: l.state.status, wait_reason: l.state.wait_reason };
  }

  /** Events after `afterSeq` (JSON array of SPEC §5 events). */
  async events(afterSeq: number, limit: number): Promise<string> {
    return JSON.stringify(this.store.events(afterSeq, limit).map((e) => e.body));
  }

  async cancel(by: string, reason?: string): Promise<{ status: string; changed: boolean }> {
    return this.control({ type: "cancel", by, reason, now: Date.now() });
  }

  /**
   * Records an approval decision. `who` must be allowed by the node's `approvers` (roles or user
   * ids; anyone with the runs:control permission when the node names none).
   */
  async decide(
    nodeId: string,
    decision: "approved" | "rejected",
    who: { id: string; role: string },
    comment?: string,
    formJson?: string,
  ): Promise<{ status: string; changed: boolean; refused?: "not_waiting" | "not_an_approver" }> {
    const l = this.mustLoad();
    const node = l.nodes.get(nodeId);
    const step = l.state.steps[nodeId];
    // Any step waiting for approval: an `approval` node, or a gate/review of an mcp_tool or llm step.
    if (!node || step?.status !== "waiting" || step.wait?.reason !== "approval") {
      return { status: l.state.status, changed: false, refused: "not_waiting" };
    }
    const approvers = node.type === "approval" ? node.config.approvers : undefined;
    const named = (approvers?.roles?.length ?? 0) + (approvers?.user_ids?.length ?? 0) > 0;
    const allowed = !named || approvers?.user_ids?.includes(who.id) || approvers?.roles?.some((r) => r === who.role);
    if (!allowed) return { status: l.state.status, changed: false, refused: "not_an_approver" };
    const form = formJson ? (JSON.parse(formJson) as Record<string, unknown>) : undefined;
    return this.control({
      type: "approval_decided",
      node_id: nodeId,
      decision,
      by: who.id,
      comment,
      form,
      now: Date.now(),
    });
  }

  async signal(eventName: string, payloadJson: string, correlationKey?: string, nodeId?: string) {
    const payload: unknown = JSON.parse(payloadJson);
    return this.control({
      type: "signal_received",
      event_name: eventName,
      correlation_key: correlationKey,
      node_id: nodeId,
      payload,
      now: Date.now(),
    });
  }

  /** A child run this run waits for has finished (called by the child). */
  async childFinished(
    nodeId: string,
    childRunId: string,
    status: "completed" | "failed" | "canceled",
    outputJson: string | null,
    errorHuman: string | null,
  ) {
    const output: unknown = outputJson === null ? undefined : JSON.parse(outputJson);
    const error = errorHuman ? { code: "child_failed", message_human: errorHuman, retryable: false } : undefined;
    return this.control({
      type: "child_finished",
      node_id: nodeId,
      child_run_id: childRunId,
      status,
      output,
      error,
      now: Date.now(),
    });
  }

  /**
   * An external task (a runner) reports for a step waiting `external`. Stale or duplicate results (another
   * attempt or task, the step no longer waiting) change nothing. `outcomeJson` is an `ExternalOutcome`.
   */
  async externalResult(
    nodeId: string,
    attempt: number,
    taskId: string,
    outcomeJson: string,
  ): Promise<{ changed: boolean }> {
    // The caller (the runner API) validated it; a malformed one is a bug there, so it throws.
    const outcome = ExternalOutcome.parse(JSON.parse(outcomeJson));
    const { changed } = await this.control({
      type: "external_result",
      node_id: nodeId,
      attempt,
      task_id: taskId,
      outcome,
      now: Date.now(),
    });
    return { changed };
  }

  /** A concurrency slot was granted to this queued run. */
  async admit(): Promise<{ status: string }> {
    const l = this.load();
    if (!l) return { status: "unknown" };
    await this.startWithPreflight();
    return { status: this.mustLoad().state.status };
  }

  /**
   * Called by the stuck-run reaper: re-arms the alarm (which fires due timers, including the run
   * timeout) and re-issues in-flight work. Returns the current status.
   */
  async wake(): Promise<{ status: string }> {
    const l = this.load();
    if (!l) return { status: "unknown" };
    if (l.state.status === "queued" && (await this.acquireSlot(l.record))) await this.startWithPreflight();
    this.recover(this.mustLoad());
    await this.arm();
    return { status: this.mustLoad().state.status };
  }

  async pause(by: string): Promise<{ status: string; changed: boolean }> {
    return this.control({ type: "pause", by, now: Date.now() });
  }

  /**
   * Resumes a paused run, or a run in `needs_review` after re-running preflight. A run under review
   * may get a corrected input and be re-pinned to a newer version (nothing has executed yet).
   */
  async resume(
    by: string,
    patch?: { inputJson?: string; recordJson?: string },
  ): Promise<{ status: string; changed: boolean }> {
    const l = this.mustLoad();
    if (l.state.status === "paused") return this.control({ type: "resume", by, now: Date.now() });
    if (l.state.status !== "needs_review") return { status: l.state.status, changed: false };
    if (patch?.inputJson || patch?.recordJson) {
      const base = patch.recordJson ? (JSON.parse(patch.recordJson) as RunRecord) : l.record;
      const record: RunRecord = { ...base, run_id: l.record.run_id, created_at: l.record.created_at };
      if (patch.inputJson) record.input = JSON.parse(patch.inputJson) as Record<string, unknown>;
      const compiled = compileGraph(record.graph as Graph);
      const fresh = createRunState(compiled, { run_id: record.run_id, now: Date.now(), options: l.state.options });
      this.ctx.storage.transactionSync(() => {
        this.store.saveRecord(record);
        this.store.resetSteps();
        this.store.saveState(fresh, compiled.order);
      });
      this.loaded = null;
      this.mustLoad();
      await this.startWithPreflight();
      return { status: this.mustLoad().state.status, changed: true };
    }
    return this.control({ type: "resume", by, now: Date.now(), preflight: runPreflight(this.env, l.record) });
  }

  /** Structured log lines (JSON), oldest first. */
  async logs(filter: { afterId: number; limit: number; level?: string; domain?: string }): Promise<string> {
    return JSON.stringify(this.store.logs(filter));
  }

  /** A runner's output lines for a step: run log lines (domain `runner`), broadcast live as `log.appended`. */
  async appendExternalLogs(nodeId: string, linesJson: string): Promise<void> {
    const l = this.load();
    if (!l) return;
    for (const entry of externalLogEntries(nodeId, linesJson, Date.now())) {
      this.store.appendLog(entry.line);
      this.emitRaw(l, "log.appended", entry.event);
    }
    this.broadcast();
  }

  /** What a retry or a rerun needs from this run (JSON): record, statuses and raw outputs. */
  async replayData(): Promise<string> {
    const l = this.mustLoad();
    const statuses: Record<string, string> = {};
    for (const [id, step] of Object.entries(l.state.steps)) statuses[id] = step.status;
    return JSON.stringify({ record: l.record, statuses, outputs: Object.fromEntries(l.outputs) });
  }

  // ---------------------------------------------------------------- live subscribers

  /**
   * WebSocket upgrade for live events (the Worker authenticated the caller and checked the org
   * first). `?after_seq=N` subscribes at once; otherwise the client sends `{"after_seq": N}`.
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ sent_seq: null });
    const after = new URL(request.url).searchParams.get("after_seq");
    if (after !== null && /^\d+$/.test(after)) subscribe(server, this.store, Number(after));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof message === "string" ? message : new TextDecoder().decode(message));
    } catch {
      ws.send(JSON.stringify({ type: "error", message: 'Send {"after_seq": <number>} to subscribe' }));
      return;
    }
    const after = (parsed as { after_seq?: unknown } | null)?.after_seq;
    if (typeof after === "number" && Number.isInteger(after) && after >= 0) subscribe(ws, this.store, after);
    else ws.send(JSON.stringify({ type: "error", message: 'Send {"after_seq": <number>} to subscribe' }));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
  }

  private broadcast(): void {
    broadcast(this.ctx.getWebSockets(), this.store);
  }

  // ---------------------------------------------------------------- alarm

  override async alarm(): Promise<void> {
    const l = this.load();
    if (!l) return;
    if (this.store.flag("index_dirty")) await this.syncIndex(true);
    for (const timerId of this.store.dueTimers(Date.now())) {
      // The shell drops a fired timer's row itself, whether or not the reducer still wanted it.
      const effects = this.apply({ type: "timer_fired", timer_id: timerId, now: Date.now() }, () =>
        this.store.clearTimer(timerId),
      );
      await this.followUp(effects);
    }
    await this.drain();
    const pruneAt = this.store.pruneAt();
    if (pruneAt !== null && pruneAt <= Date.now() && isTerminalRunStatus(l.state.status)) {
      this.ctx.storage.transactionSync(() => {
        this.store.pruneHistory();
        this.store.setPruneAt(null);
      });
    }
    await this.arm();
  }

  // ---------------------------------------------------------------- internals

  private load(): Loaded | null {
    if (this.loaded) return this.loaded;
    const record = this.store.record();
    const state = this.store.state();
    if (!record || !state) return null;
    const graph = record.graph as Graph;
    this.loaded = {
      record,
      compiled: compileGraph(graph),
      nodes: new Map(graph.nodes.map((n) => [n.id, n])),
      state,
      outputs: this.store.outputs(),
      lastSeq: this.store.lastSeq(),
    };
    return this.loaded;
  }

  private mustLoad(): Loaded {
    const l = this.load();
    if (!l) throw new Error(`${RUN_NOT_FOUND}: This run was never created (its start failed); start it again`);
    return l;
  }

  private recover(l: Loaded): void {
    const effects = recoveryEffects(l.compiled, l.state);
    if (effects.length === 0) return;
    this.ctx.storage.transactionSync(() => {
      for (const effect of effects) this.persistEffect(l, effect);
    });
    this.ctx.waitUntil(this.arm());
  }

  private async control(event: EngineEvent): Promise<{ status: string; changed: boolean }> {
    this.mustLoad();
    const effects = await this.dispatch(event);
    return { status: this.mustLoad().state.status, changed: effects !== null };
  }

  /** Reduces an event and carries out its effects; null when the event was a duplicate or stale. */
  private async dispatch(event: EngineEvent): Promise<EngineEffect[] | null> {
    const effects = this.apply(event);
    if (effects === null) return null;
    await this.followUp(effects);
    return effects;
  }

  /**
   * Reduces `event` and persists the new state, its effects' storage part and `also` in one
   * synchronous transaction (no interleaving is possible). Returns the effects, or null when the
   * event changed nothing (`also` still runs, e.g. to drop a fired timer's row).
   */
  private apply(event: EngineEvent, also?: (changed: boolean) => void): EngineEffect[] | null {
    const l = this.mustLoad();
    const result = reduce(l.compiled, l.state, event);
    const changed = result.state !== l.state;
    this.ctx.storage.transactionSync(() => {
      if (changed) {
        l.state = result.state;
        this.store.saveState(result.state, result.changed_steps);
        for (const effect of result.effects) this.persistEffect(l, effect);
      }
      also?.(changed);
    });
    if (changed) this.broadcast();
    return changed ? result.effects : null;
  }

  /** The storage part of an effect (inside the reduction's transaction). */
  private persistEffect(l: Loaded, effect: EngineEffect): void {
    switch (effect.type) {
      case "execute_step": {
        this.store.addPending(effect);
        const attempts = this.store.attempts(effect.node_id).filter((a) => a.attempt !== effect.attempt);
        attempts.push({
          attempt: effect.attempt,
          started_at: Date.now(),
          finished_at: null,
          outcome: "interrupted",
          error_code: null,
          error_human: null,
          retry_at: null,
        });
        this.store.saveAttempts(effect.node_id, attempts);
        return;
      }
      case "set_timer": {
        const { type: _type, timer_id, ...spec } = effect;
        this.store.setTimer(timer_id, spec);
        return;
      }
      case "clear_timer":
        this.store.clearTimer(effect.timer_id);
        return;
      case "emit":
        this.persistEmit(l, effect.event_type, effect.data);
        return;
      case "cancel_child":
      case "cancel_external":
      case "run_finished":
        return; // carried out after the transaction (they call other objects)
      default: {
        const _never: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(_never)}`);
      }
    }
  }

  /** Appends an emitted event; step outputs are stored raw for expressions and redacted for people. */
  private persistEmit(l: Loaded, type: string, data: Record<string, unknown>): void {
    const nodeId = typeof data.node_id === "string" ? data.node_id : null;
    if (type === "step.completed" && nodeId && data.status === "succeeded") {
      const output = data.output ?? null;
      l.outputs.set(nodeId, output);
      this.store.saveStepData(nodeId, { output, data_out: redactForDisplay(output) });
      this.finishAttempt(nodeId, data.attempt, "succeeded", null);
    } else if (type === "step.failed" && nodeId) {
      this.finishAttempt(nodeId, data.attempt, "failed", data.error);
    } else if (type === "step.retrying" && nodeId) {
      this.finishAttempt(nodeId, data.attempt, "failed", data.error, data.retry_at);
    } else if (type === "execution.waiting" && nodeId) {
      this.finishAttempt(nodeId, data.attempt, "waiting", null);
    }
    const safeData = (
      type === "step.completed" ? { ...data, output: redactForDisplay(data.output ?? null) } : redactForDisplay(data)
    ) as Record<string, unknown>;
    this.emitRaw(l, type, safeData);
    const line = logLineFor(type, safeData, (id) => l.compiled.nodes.get(id)?.label ?? id, Date.now());
    if (line) this.store.appendLog(line);
  }

  private finishAttempt(
    nodeId: string,
    attempt: unknown,
    outcome: AttemptRecord["outcome"],
    error: unknown,
    retryAt?: unknown,
  ): void {
    const attempts = this.store.attempts(nodeId);
    const entry = attempts.find((a) => a.attempt === attempt) ?? attempts.at(-1);
    if (!entry) return;
    entry.finished_at = Date.now();
    entry.outcome = outcome;
    const err = error as { code?: string; message_human?: string } | null;
    entry.error_code = err?.code ?? null;
    entry.error_human = err?.message_human ?? null;
    entry.retry_at = typeof retryAt === "number" ? retryAt : null;
    this.store.saveAttempts(nodeId, attempts);
  }

  /** Appends one SPEC §5 event (schema v1) to the run's log. */
  private emitRaw(l: Loaded, type: string, data: Record<string, unknown>): void {
    const seq = l.lastSeq + 1;
    l.lastSeq = seq;
    const now = Date.now();
    this.store.appendEvent(
      seq,
      type,
      {
        schema_version: 1,
        event_id: `${l.record.run_id}:${seq}`,
        seq,
        event_type: type,
        timestamp: new Date(now).toISOString(),
        execution_id: l.record.run_id,
        workflow_id: l.record.workflow_id,
        organization_id: l.record.org_id,
        correlation_id: l.record.correlation_id,
        status: l.state.status,
        progress: l.state.progress,
        current_step: currentStep(l.compiled, l.state),
        data,
      },
      now,
    );
  }

  /** The asynchronous part of effects, after their state is durable. */
  private async followUp(effects: EngineEffect[] | null): Promise<void> {
    if (!effects) return;
    if (!this.draining) await this.arm();
    const statusChanged = effects.some((e) => e.type === "emit" && e.event_type === "execution.status_changed");
    const progressed = effects.some((e) => e.type === "emit" && e.event_type === "execution.progress");
    if (statusChanged || (progressed && Date.now() - this.lastProgressSync > 2_000))
      await this.syncIndex(statusChanged);
    if (statusChanged) await this.publishToFeed();
    await this.publishPlatformEvents(effects);
    for (const effect of effects) {
      if (effect.type === "cancel_child") await this.cancelChild(effect.child_run_id);
      if (effect.type === "cancel_external") await this.cancelExternal(effect.external);
      if (effect.type === "run_finished") await this.onFinished();
    }
  }

  /** Arms the one alarm: now when executions are pending, else the earliest timer. */
  private async arm(): Promise<void> {
    const hasPending = this.store.pending().length > 0;
    const next = hasPending ? Date.now() : this.store.nextTimerAt();
    const dirty = this.store.flag("index_dirty") ? Date.now() + INDEX_RETRY_MS : null;
    const prune = this.store.pruneAt();
    const at = [next, dirty, prune].filter((v): v is number => v !== null).sort((a, b) => a - b)[0];
    if (at === undefined) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** Executes pending steps, up to MAX_PARALLEL at once, until none are left or the budget is spent. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      await this.drainPending();
    } finally {
      this.draining = false;
    }
  }

  private async drainPending(): Promise<void> {
    const running = new Set<Promise<void>>();
    let launched = 0;
    for (;;) {
      const queue = this.store.pending().filter((p) => !this.inflight.has(`${p.node_id}:${p.attempt}`));
      while (queue.length > 0 && running.size < MAX_PARALLEL && launched < STEPS_PER_ALARM) {
        const exec = queue.shift();
        if (!exec) break;
        launched++;
        const job: Promise<void> = this.executeOne(exec).finally(() => running.delete(job));
        running.add(job);
      }
      if (running.size === 0) return;
      await Promise.race(running);
    }
  }

  private async executeOne(exec: PendingExec): Promise<void> {
    const l = this.mustLoad();
    const key = `${exec.node_id}:${exec.attempt}`;
    const node = l.nodes.get(exec.node_id);
    const controller = new AbortController();
    this.inflight.set(key, controller);
    let outcome: StepOutcome;
    let dataIn: unknown = null;
    let dataOut: unknown = null;
    try {
      if (!node) throw new Error(`node ${exec.node_id} is not in the pinned graph`);
      const result = await executeStepForRun(this.env, l, node, exec, controller.signal);
      outcome = StepOutcome.parse(result.outcome);
      dataIn = result.data_in;
      dataOut = result.data_out;
    } catch (err) {
      log("warn", "run: executor threw", { run_id: l.record.run_id, node_id: exec.node_id, error: describeError(err) });
      outcome = { kind: "failed", error: toStepError(err) };
    } finally {
      this.inflight.delete(key);
    }
    const effects = this.apply(
      { type: "step_outcome", node_id: exec.node_id, attempt: exec.attempt, outcome, now: Date.now() },
      (changed) => {
        this.store.removePending(exec.node_id, exec.attempt);
        // The executor's snapshots are redacted with the secrets it met (connection values too).
        if (changed)
          this.store.saveStepData(exec.node_id, {
            data_in: dataIn,
            data_out: outcome.kind === "succeeded" ? dataOut : undefined,
          });
      },
    );
    await this.followUp(effects);
  }

  private finalOutput(l: Loaded): unknown {
    if (l.state.status !== "completed") return null;
    // The output of a run: the outputs of its sink steps (no outgoing edges) that succeeded.
    const sinks = l.compiled.order.filter((id) => (l.compiled.nodes.get(id)?.outgoing.length ?? 0) === 0);
    const out: Record<string, unknown> = {};
    for (const id of sinks)
      if (l.state.steps[id]?.status === "succeeded") out[id] = redactForDisplay(l.outputs.get(id) ?? null);
    return out;
  }

  /** Copies status, progress and errors to the D1 runs index (the object stays the source of truth). */
  private async syncIndex(force: boolean): Promise<void> {
    const l = this.mustLoad();
    try {
      await syncRunIndex(this.env.DB, l.record, l.state, runView(l.compiled, l.state));
      this.lastProgressSync = Date.now();
      if (this.store.flag("index_dirty")) this.store.setFlag("index_dirty", false);
    } catch (err) {
      log("warn", "run: index sync failed; will retry", { run_id: l.record.run_id, force, error: describeError(err) });
      this.store.setFlag("index_dirty", true);
      await this.arm();
    }
  }

  /**
   * Run and step outcomes and approval requests become automation events, delivered to the org's
   * subscribed destinations. Event ids are stable per source event, so publishing again is a no-op.
   */
  private async publishPlatformEvents(effects: EngineEffect[]): Promise<void> {
    const l = this.mustLoad();
    if (l.record.dry_run) return;
    for (const effect of effects) {
      if (effect.type !== "emit") continue;
      const type = PLATFORM_EVENTS[effect.event_type];
      if (!type) continue;
      const data = redactForDisplay(effect.data) as Record<string, unknown>;
      const nodeId = typeof data.node_id === "string" ? data.node_id : "";
      try {
        await publishEvent(this.env, {
          orgId: l.record.org_id,
          type,
          eventId: `${l.record.run_id}:${type}:${nodeId}:${String(data.attempt ?? "")}`,
          correlationId: l.record.correlation_id,
          payload: {
            run_id: l.record.run_id,
            workflow_id: l.record.workflow_id,
            version: l.record.version,
            status: l.state.status,
            ...data,
          },
        });
      } catch (err) {
        log("error", "run: publishing an automation event failed", {
          run_id: l.record.run_id,
          type,
          error: describeError(err),
        });
      }
    }
  }

  /** Tells the org's live feed (the dashboard) about a status change; best effort. */
  private async publishToFeed(): Promise<void> {
    const l = this.mustLoad();
    const event = {
      type: "run.status_changed",
      run_id: l.record.run_id,
      workflow_id: l.record.workflow_id,
      status: l.state.status,
      wait_reason: l.state.wait_reason,
      progress: l.state.progress,
      at: new Date().toISOString(),
    };
    try {
      await this.env.FEED.get(this.env.FEED.idFromName(l.record.org_id)).publish(JSON.stringify(event));
    } catch (err) {
      log("warn", "run: publishing to the org feed failed", { run_id: l.record.run_id, error: describeError(err) });
    }
  }

  /** The concurrency scopes this run needs a slot in: its user's, and its workflow lane's. */
  private slotScopes(record: RunRecord): { name: string; limit: number }[] {
    const scopes: { name: string; limit: number }[] = [];
    if (record.user_id && record.user_concurrency_limit > 0) {
      scopes.push({ name: `user:${record.org_id}:${record.user_id}`, limit: record.user_concurrency_limit });
    }
    if (record.concurrency) scopes.push({ name: record.concurrency.slot, limit: record.concurrency.limit });
    return scopes;
  }

  /**
   * Takes a slot in every scope, in order; false while any is full (the run stays `queued` and is
   * admitted, in arrival order, when a slot frees). Acquiring is idempotent for a holder.
   */
  private async acquireSlot(record: RunRecord): Promise<boolean> {
    for (const scope of this.slotScopes(record)) {
      const result = await this.env.SLOTS.get(this.env.SLOTS.idFromName(scope.name)).acquire(
        record.run_id,
        scope.limit,
      );
      if (!result.granted) return false;
    }
    return true;
  }

  private async onFinished(): Promise<void> {
    const l = this.mustLoad();
    if (l.record.retention_ms) {
      this.store.setPruneAt((l.state.completed_at ?? Date.now()) + l.record.retention_ms);
      await this.arm();
    }
    for (const scope of this.slotScopes(l.record)) {
      await this.env.SLOTS.get(this.env.SLOTS.idFromName(scope.name))
        .release(l.record.run_id, scope.limit)
        .catch((err: unknown) => {
          log("error", "run: releasing a concurrency slot failed (the reaper will admit waiters)", {
            run_id: l.record.run_id,
            scope: scope.name,
            error: describeError(err),
          });
        });
    }
    for (const controller of this.inflight.values()) controller.abort();
    // A job's artifacts in R2 (never throws; the jobs API writes missing ones again on read).
    if (isJobRecord(l.record))
      await writeJobArtifacts(this.env, l.record.run_id, this, l.state.completed_at ?? Date.now());
    const parent = l.record.parent;
    if (parent) {
      const status = l.state.status as "completed" | "failed" | "canceled";
      const stub = this.env.RUNS.get(this.env.RUNS.idFromName(parent.run_id));
      const output = this.finalOutput(l);
      await stub
        .childFinished(
          parent.node_id,
          l.record.run_id,
          status,
          output === null ? null : JSON.stringify(output),
          l.state.last_error?.human ?? null,
        )
        .catch((err: unknown) =>
          log("error", "run: notifying the parent run failed", { run_id: l.record.run_id, error: describeError(err) }),
        );
    }
    // Event triggers: workflows that start when this one finishes (idempotent per source run).
    if (l.state.status === "completed" || l.state.status === "failed" || l.state.status === "canceled") {
      await fireEventTriggers(this.env, {
        orgId: l.record.org_id,
        workflowId: l.record.workflow_id,
        runId: l.record.run_id,
        status: l.state.status,
        output: this.finalOutput(l),
        chainDepth: chainDepthOf(l.record.trigger),
        dryRun: l.record.dry_run,
      });
    }
  }

  private async cancelExternal(external: { kind: string; task_id: string }): Promise<void> {
    const { record } = this.mustLoad();
    await cancelExternal(this.env, record, external).catch((err: unknown) => {
      log("warn", "run: canceling an external task failed", {
        run_id: record.run_id,
        ...external,
        error: describeError(err),
      });
    });
  }

  private async cancelChild(childRunId: string): Promise<void> {
    const stub = this.env.RUNS.get(this.env.RUNS.idFromName(childRunId));
    await stub.cancel("system", "The parent step was canceled or timed out").catch((err: unknown) => {
      log("warn", "run: canceling a child run failed", { child_run_id: childRunId, error: describeError(err) });
    });
  }
}

/** Redaction for anything a person can see (snapshots, events): secret-looking keys hidden. */
function redactForDisplay(value: unknown): unknown {
  return redactSnapshot(value);
}
