/**
 * `SlotsObject`: a counting semaphore in a Durable Object, one per concurrency scope (e.g. a user's
 * runs). Holders and waiters live in its SQLite, so slots survive restarts; waiters are admitted
 * strictly in arrival order. `acquire` and `release` are idempotent per run id.
 */
import { DurableObject } from "cloudflare:workers";
import { describeError, log } from "../lib/log";

const RETRY_NOTIFY_MS = 5_000;

export class SlotsObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const sql = ctx.storage.sql;
      sql.exec("CREATE TABLE IF NOT EXISTS holders (run_id TEXT PRIMARY KEY, acquired_at INTEGER NOT NULL)");
      sql.exec(
        "CREATE TABLE IF NOT EXISTS waiters (seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL UNIQUE, queued_at INTEGER NOT NULL)",
      );
      sql.exec("CREATE TABLE IF NOT EXISTS to_notify (run_id TEXT PRIMARY KEY)");
    });
  }

  private holders(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM holders").one().n;
  }

  /** Takes a slot for `runId` if fewer than `limit` are held; otherwise queues it. */
  async acquire(runId: string, limit: number): Promise<{ granted: boolean; position: number }> {
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT 1 FROM holders WHERE run_id = ?", runId).toArray().length > 0)
      return { granted: true, position: 0 };
    const waiting = sql.exec<{ seq: number }>("SELECT seq FROM waiters WHERE run_id = ?", runId).toArray()[0];
    const ahead = waiting
      ? sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM waiters WHERE seq < ?", waiting.seq).one().n
      : sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM waiters").one().n;
    // Nobody may jump the queue: a new run only takes a free slot when no one is waiting before it.
    if (this.holders() < limit && ahead === 0) {
      this.ctx.storage.transactionSync(() => {
        sql.exec("DELETE FROM waiters WHERE run_id = ?", runId);
        sql.exec("INSERT INTO holders (run_id, acquired_at) VALUES (?, ?)", runId, Date.now());
      });
      return { granted: true, position: 0 };
    }
    if (!waiting) sql.exec("INSERT INTO waiters (run_id, queued_at) VALUES (?, ?)", runId, Date.now());
    return { granted: false, position: ahead + 1 };
  }

  /** Frees `runId`'s slot (or its place in the queue) and admits waiters in order. */
  async release(runId: string, limit: number): Promise<{ admitted: string[] }> {
    const sql = this.ctx.storage.sql;
    const admitted: string[] = [];
    this.ctx.storage.transactionSync(() => {
      sql.exec("DELETE FROM holders WHERE run_id = ?", runId);
      sql.exec("DELETE FROM waiters WHERE run_id = ?", runId);
      while (this.holders() < limit) {
        const next = sql.exec<{ run_id: string }>("SELECT run_id FROM waiters ORDER BY seq LIMIT 1").toArray()[0];
        if (!next) break;
        sql.exec("DELETE FROM waiters WHERE run_id = ?", next.run_id);
        sql.exec("INSERT INTO holders (run_id, acquired_at) VALUES (?, ?)", next.run_id, Date.now());
        sql.exec("INSERT OR IGNORE INTO to_notify (run_id) VALUES (?)", next.run_id);
        admitted.push(next.run_id);
      }
    });
    await this.notify();
    return { admitted };
  }

  /** Tells admitted runs to start; failures are retried by the alarm (admit is idempotent). */
  private async notify(): Promise<void> {
    const sql = this.ctx.storage.sql;
    const pending = sql.exec<{ run_id: string }>("SELECT run_id FROM to_notify").toArray();
    let failed = false;
    for (const { run_id } of pending) {
      try {
        await this.env.RUNS.get(this.env.RUNS.idFromName(run_id)).admit();
        sql.exec("DELETE FROM to_notify WHERE run_id = ?", run_id);
      } catch (err) {
        failed = true;
        log("warn", "slots: admitting a run failed; will retry", { run_id, error: describeError(err) });
      }
    }
    if (failed) await this.ctx.storage.setAlarm(Date.now() + RETRY_NOTIFY_MS);
  }

  override async alarm(): Promise<void> {
    await this.notify();
  }

  /** Current holders and waiters (for tests and the admin view). */
  async snapshot(): Promise<{ holders: string[]; waiters: string[] }> {
    const sql = this.ctx.storage.sql;
    return {
      holders: sql
        .exec<{ run_id: string }>("SELECT run_id FROM holders ORDER BY acquired_at")
        .toArray()
        .map((r) => r.run_id),
      waiters: sql
        .exec<{ run_id: string }>("SELECT run_id FROM waiters ORDER BY seq")
        .toArray()
        .map((r) => r.run_id),
    };
  }
}
