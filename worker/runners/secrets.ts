/**
 * Server-side masking of a runner task's output: the secret values of the connections its `connection_env`
 * names are replaced in output lines and the completion's stdout tail before they reach the run's logs, events,
 * step output or artifacts. The runner CLI masks too; this holds for an old, modified or buggy runner.
 */
import { systemScope } from "../auth/principal";
import { authFor } from "../connections/credentials";
import { openConnectionSecret } from "../connections/secrets";
import type { RunnerLogLine } from "../contracts/runners";
import { configOf, getConnection } from "../db/repos/connections";
import type { RunnerTaskRow } from "../db/repos/runners-tasks";
import { redactText } from "../engine/redact";
import { describeError, log } from "../lib/log";

/**
 * The secret strings of the task's connections as stored now (a refreshed OAuth token included). Read-only:
 * unlike `resolveConnection`, it never refreshes a token or touches `last_used_at`. A connection that is gone
 * or unreadable contributes nothing (it can't have been handed to the runner in that state either).
 */
export async function taskSecretValues(
  env: Pick<Env, "DB" | "ENCRYPTION_KEY">,
  task: Pick<RunnerTaskRow, "id" | "orgId" | "connectionEnv">,
): Promise<string[]> {
  const ids = new Set(Object.values(task.connectionEnv));
  if (ids.size === 0) return [];
  const scope = systemScope(task.orgId, "masking a runner task's output with its own connections");
  const values: string[] = [];
  for (const id of ids) {
    try {
      const row = await getConnection(env.DB, scope, id);
      if (!row) continue;
      const secret = await openConnectionSecret(env, row.id, row.secretCiphertext);
      values.push(...authFor(secret, configOf(row)).secretValues);
    } catch (err) {
      log("warn", "runner: a connection could not be read to mask output", {
        task_id: task.id,
        connection_id: id,
        error: describeError(err),
      });
    }
  }
  return values;
}

/** The lines with every secret value replaced by `[redacted]`. */
export function maskLines(lines: readonly RunnerLogLine[], secrets: readonly string[]): RunnerLogLine[] {
  if (secrets.length === 0) return [...lines];
  return lines.map((l) => ({ ...l, line: redactText(l.line, secrets) }));
}

/** The text with every secret value replaced by `[redacted]` (undefined stays undefined). */
export function maskText(text: string | undefined, secrets: readonly string[]): string | undefined {
  return text === undefined || secrets.length === 0 ? text : redactText(text, secrets);
}
