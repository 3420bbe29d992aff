/**
 * The run object's SQLite storage: the run record, the engine state (top level + one row per step),
 * step snapshots and raw outputs, timers, pending executions and the event log. Every write is
 * synchronous, so a reduction and its persistence happen without interleaving.
 */

import type { TimerSpec } from "../engine/run/protocol";
import type { RunState, StepState } from "../engine/run/state";

/** Bump with a new `IF NOT EXISTS` statement below when the layout changes. */
export const RUN_STORE_VERSION = 1;

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  `CREATE TABLE IF NOT EXISTS steps (
     node_id TEXT PRIMARY KEY, state TEXT NOT NULL, output TEXT, data_in TEXT, data_out TEXT,
     attempts TEXT NOT NULL DEFAULT '[]')`,
  "CREATE TABLE IF NOT EXISTS timers (timer_id TEXT PRIMARY KEY, due_at INTEGER NOT NULL, spec TEXT NOT NULL)",
  "CREATE INDEX IF NOT EXISTS timers_due_idx ON timers (due_at)",
  `CREATE TABLE IF NOT EXISTS pending_exec (
     node_id TEXT PRIMARY KEY, attempt INTEGER NOT NULL, idempotency_key TEXT NOT NULL, timeout_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS logs (
     id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, level TEXT NOT NULL, domain TEXT NOT NULL,
     message_human TEXT NOT NULL, details_tech TEXT, step_id TEXT)`,
  `CREATE TABLE IF NOT EXISTS events (
     seq INTEGER PRIMARY KEY, event_type TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL)`,
];

/** What the run is: fixed at creation. */
export interface RunRecord {
  run_id: string;
  org_id: string;
  workflow_id: string;
  version: number;
  /** The pinned version's graph, normalised (defaults filled in). */
  graph: unknown;
  input: Record<string, unknown>;
  vars: Record<string, unknown>;
  trigger: { type: string; data: Record<string, unknown> | null };
  correlation_id: string;
  created_by: string;
  user_id: string | null;
  dry_run: boolean;
  /** Partial run up to this phase (its later phases are in the engine's `skip_steps`). */
  until_phase?: string | null;
  parent: { run_id: string; node_id: string } | null;
  /** Max concurrent runs of `user_id` (0 = unlimited). */
  user_concurrency_limit: number;
  /** How long the event log and logs are kept after the run finishes (org limit at start). */
  retention_ms?: number;
  /** The workflow's concurrency lane (settings.concurrency rendered for this input), if any. */
  concurrency?: { slot: string; limit: number } | null;
  created_at: number;
  /** Ids of the org's usable connections when the run started (preflight's `connectionIds`). */
  connection_ids?: string[];
  /** Run-level tool policies from the start request (`options.tool_policies`), for `mcp_tool` steps. */
  tool_policies?: Record<string, "allow" | "ask" | "deny">;
  /** The org's MCP servers when the run started, for preflight: label → allowed tools. */
  mcp_servers?: Record<string, string[]>;
  /** The org's tool policies when the run started, for preflight (the call itself reads them live). */
  org_tool_policies?: Record<string, "allow" | "ask" | "deny">;
}

/** One attempt's history entry (for the step view's attempts and delays). */
export interface AttemptRecord {
  attempt: number;
  started_at: number;
  finished_at: number | null;
  outcome: "succeeded" | "failed" | "waiting" | "interrupted";
  error_code: string | null;
  error_human: string | null;
  retry_at: number | null;
}

export interface StepRow {
  node_id: string;
  state: StepState;
  output: unknown;
  data_in: unknown;
  data_out: unknown;
  attempts: AttemptRecord[];
}

/** One structured log line of the run (SPEC §5). */
export type LogLine = {
  ts: number;
  level: "ok" | "warn" | "error";
  domain: "preflight" | "step" | "delivery" | "approval" | "policy" | "system" | "runner";
  message_human: string;
  details_tech: string | null;
  step_id: string | null;
};

export type PendingExec = {
  node_id: string;
  attempt: number;
  idempotency_key: string;
  timeout_at: number;
};

const parse = <T>(text: string | null | undefined): T | null => (text == null ? null : (JSON.parse(text) as T));

export class RunStore {
  constructor(private readonly sql: SqlStorage) {
    for (const statement of SCHEMA) sql.exec(statement);
  }

  private getMeta<T>(key: string): T | null {
    const rows = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray();
    return parse<T>(rows[0]?.value);
  }

  private setMeta(key: string, value: unknown): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }

  record(): RunRecord | null {
    return this.getMeta<RunRecord>("record");
  }

  saveRecord(record: RunRecord): void {
    this.setMeta("record", record);
  }

  /** The engine state, reassembled from its top level and the step rows. */
  state(): RunState | null {
    const top = this.getMeta<Omit<RunState, "steps">>("state");
    if (!top) return null;
    const steps: Record<string, StepState> = {};
    for (const row of this.sql.exec<{ node_id: string; state: string }>("SELECT node_id, state FROM steps")) {
      steps[row.node_id] = JSON.parse(row.state) as StepState;
    }
    return { ...top, steps };
  }

  /** Persists the top level and the given steps (only those that changed). */
  saveState(state: RunState, changedSteps: Iterable<string>): void {
    const { steps, ...top } = state;
    this.setMeta("state", top);
    for (const id of changedSteps) {
      const step = steps[id];
      if (!step) continue;
      this.sql.exec(
        "INSERT INTO steps (node_id, state) VALUES (?, ?) ON CONFLICT(node_id) DO UPDATE SET state = excluded.state",
        id,
        JSON.stringify(step),
      );
    }
  }

  stepRows(): StepRow[] {
    return this.sql
      .exec<{
        node_id: string;
        state: string;
        output: string | null;
        data_in: string | null;
        data_out: string | null;
        attempts: string;
      }>("SELECT node_id, state, output, data_in, data_out, attempts FROM steps")
      .toArray()
      .map((r) => ({
        node_id: r.node_id,
        state: JSON.parse(r.state) as StepState,
        output: parse(r.output),
        data_in: parse(r.data_in),
        data_out: parse(r.data_out),
        attempts: JSON.parse(r.attempts) as AttemptRecord[],
      }));
  }

  /** Raw outputs of finished steps, for the expression context (never returned by the API). */
  outputs(): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const r of this.sql.exec<{ node_id: string; output: string }>(
      "SELECT node_id, output FROM steps WHERE output IS NOT NULL",
    )) {
      out.set(r.node_id, JSON.parse(r.output));
    }
    return out;
  }

  saveStepData(nodeId: string, data: { output?: unknown; data_in?: unknown; data_out?: unknown }): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [column, value] of Object.entries(data)) {
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(JSON.stringify(value));
    }
    if (sets.length > 0) this.sql.exec(`UPDATE steps SET ${sets.join(", ")} WHERE node_id = ?`, ...values, nodeId);
  }

  attempts(nodeId: string): AttemptRecord[] {
    const rows = this.sql.exec<{ attempts: string }>("SELECT attempts FROM steps WHERE node_id = ?", nodeId).toArray();
    return rows[0] ? (JSON.parse(rows[0].attempts) as AttemptRecord[]) : [];
  }

  saveAttempts(nodeId: string, attempts: AttemptRecord[]): void {
    this.sql.exec("UPDATE steps SET attempts = ? WHERE node_id = ?", JSON.stringify(attempts), nodeId);
  }

  setTimer(timerId: string, spec: TimerSpec): void {
    this.sql.exec(
      "INSERT INTO timers (timer_id, due_at, spec) VALUES (?, ?, ?) ON CONFLICT(timer_id) DO UPDATE SET due_at = excluded.due_at, spec = excluded.spec",
      timerId,
      spec.due_at,
      JSON.stringify(spec),
    );
  }

  clearTimer(timerId: string): void {
    this.sql.exec("DELETE FROM timers WHERE timer_id = ?", timerId);
  }

  dueTimers(now: number): string[] {
    return this.sql
      .exec<{ timer_id: string }>("SELECT timer_id FROM timers WHERE due_at <= ? ORDER BY due_at, timer_id", now)
      .toArray()
      .map((r) => r.timer_id);
  }

  nextTimerAt(): number | null {
    const rows = this.sql.exec<{ due_at: number }>("SELECT MIN(due_at) AS due_at FROM timers").toArray();
    return rows[0]?.due_at ?? null;
  }

  addPending(exec: PendingExec): void {
    this.sql.exec(
      "INSERT INTO pending_exec (node_id, attempt, idempotency_key, timeout_at) VALUES (?, ?, ?, ?) ON CONFLICT(node_id) DO UPDATE SET attempt = excluded.attempt, idempotency_key = excluded.idempotency_key, timeout_at = excluded.timeout_at",
      exec.node_id,
      exec.attempt,
      exec.idempotency_key,
      exec.timeout_at,
    );
  }

  removePending(nodeId: string, attempt: number): void {
    this.sql.exec("DELETE FROM pending_exec WHERE node_id = ? AND attempt = ?", nodeId, attempt);
  }

  pending(): PendingExec[] {
    return this.sql
      .exec<PendingExec>("SELECT node_id, attempt, idempotency_key, timeout_at FROM pending_exec")
      .toArray();
  }

  /** Appends event `seq` (the caller keeps seq gap-free: 1, 2, 3…). */
  appendEvent(seq: number, eventType: string, body: Record<string, unknown>, now: number): void {
    this.sql.exec(
      "INSERT INTO events (seq, event_type, body, created_at) VALUES (?, ?, ?, ?)",
      seq,
      eventType,
      JSON.stringify(body),
      now,
    );
  }

  lastSeq(): number {
    const rows = this.sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM events").toArray();
    return rows[0]?.seq ?? 0;
  }

  events(afterSeq: number, limit: number): { seq: number; body: Record<string, unknown> }[] {
    return this.sql
      .exec<{ seq: number; body: string }>(
        "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        afterSeq,
        limit,
      )
      .toArray()
      .map((r) => ({ seq: r.seq, body: JSON.parse(r.body) as Record<string, unknown> }));
  }

  appendLog(line: LogLine): void {
    this.sql.exec(
      "INSERT INTO logs (ts, level, domain, message_human, details_tech, step_id) VALUES (?, ?, ?, ?, ?, ?)",
      line.ts,
      line.level,
      line.domain,
      line.message_human,
      line.details_tech,
      line.step_id,
    );
  }

  /** Log lines after `afterId`, oldest first, filtered by level and domain. */
  logs(filter: { afterId: number; limit: number; level?: string; domain?: string }): (LogLine & { id: number })[] {
    const where = ["id > ?"];
    const args: (string | number)[] = [filter.afterId];
    if (filter.level) {
      where.push("level = ?");
      args.push(filter.level);
    }
    if (filter.domain) {
      where.push("domain = ?");
      args.push(filter.domain);
    }
    return this.sql
      .exec<LogLine & { id: number }>(
        `SELECT id, ts, level, domain, message_human, details_tech, step_id FROM logs WHERE ${where.join(" AND ")} ORDER BY id LIMIT ?`,
        ...args,
        filter.limit,
      )
      .toArray();
  }

  /** Replaces every step row (a run re-pinned to another version before it started). */
  resetSteps(): void {
    this.sql.exec("DELETE FROM steps");
  }

  /** When the finished run's event log and logs are deleted (null: not scheduled). */
  pruneAt(): number | null {
    return this.getMeta<number>("prune_at");
  }

  setPruneAt(at: number | null): void {
    this.setMeta("prune_at", at);
  }

  /** Retention: drops the event log and the logs; the record, state and step snapshots stay. */
  pruneHistory(): void {
    this.sql.exec("DELETE FROM events");
    this.sql.exec("DELETE FROM logs");
  }

  flag(key: string): boolean {
    return this.getMeta<boolean>(key) === true;
  }

  setFlag(key: string, value: boolean): void {
    this.setMeta(key, value);
  }
}
