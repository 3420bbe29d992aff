/**
 * `RunObject`: one Durable Object (SQLite) per run. It will own the run's state machine, steps,
 * timers, event log and WebSocket fan-out; for now it creates its schema and answers a health RPC.
 */
import { DurableObject } from "cloudflare:workers";

/** Version of the object's SQLite schema; bump it with an `IF NOT EXISTS` migration below. */
const SCHEMA_VERSION = 1;

export class RunObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      ctx.storage.sql.exec(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
        String(SCHEMA_VERSION),
      );
    });
  }

  /** Liveness of this run object and its storage. */
  async ping(): Promise<{ ok: true; schema_version: number }> {
    const row = this.ctx.storage.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'")
      .one();
    return { ok: true, schema_version: Number(row.value) };
  }
}
