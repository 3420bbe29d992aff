/** Runners of one org (registration, list, revoke) and the token lookup the runner protocol uses. */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { Runner } from "../../contracts/runners";
import { runnerStatus } from "../../runners/rules";
import { createDb } from "../client";
import { runners, runnerTasks } from "../schema";

export type RunnerRow = typeof runners.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The API view of a runner; `current` is the task it holds a live lease on, if any. */
export function toRunner(
  row: RunnerRow,
  now: number,
  leaseS: number,
  current: { task_id: string; job_id: string; node_id: string } | null,
): Runner {
  return {
    id: row.id,
    name: row.name,
    labels: row.labels,
    status: row.revokedAt !== null ? "offline" : runnerStatus(row.lastSeenAt, now, leaseS),
    last_seen_at: iso(row.lastSeenAt),
    version: row.version,
    current_task: current,
    created_at: new Date(row.createdAt).toISOString(),
    revoked_at: iso(row.revokedAt),
  };
}

/** Every runner of the org, newest first, with the task each one currently holds. */
export async function listRunners(d1: D1Database, scope: OrgScope, now: number, leaseS: number): Promise<Runner[]> {
  const db = createDb(d1);
  const rows = await db.select().from(runners).where(eq(runners.orgId, scope.orgId)).orderBy(desc(runners.createdAt));
  const ids = rows.map((r) => r.id);
  const held =
    ids.length === 0
      ? []
      : await db
          .select({
            runnerId: runnerTasks.runnerId,
            id: runnerTasks.id,
            runId: runnerTasks.runId,
            nodeId: runnerTasks.nodeId,
            leaseExpiresAt: runnerTasks.leaseExpiresAt,
          })
          .from(runnerTasks)
          .where(
            and(
              eq(runnerTasks.orgId, scope.orgId),
              eq(runnerTasks.status, "leased"),
              inArray(runnerTasks.runnerId, ids),
            ),
          );
  const current = new Map<string, { task_id: string; job_id: string; node_id: string }>();
  for (const t of held) {
    if (t.runnerId && (t.leaseExpiresAt ?? 0) > now)
      current.set(t.runnerId, { task_id: t.id, job_id: t.runId, node_id: t.nodeId });
  }
  return rows.map((row) => toRunner(row, now, leaseS, current.get(row.id) ?? null));
}

/** Registers a runner. */
export async function insertRunner(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof runners.$inferInsert, "orgId">,
): Promise<RunnerRow> {
  const [row] = await createDb(d1)
    .insert(runners)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("runner insert returned nothing");
  return row;
}

/** One runner of the org, or undefined. */
export async function getRunner(d1: D1Database, scope: OrgScope, id: string): Promise<RunnerRow | undefined> {
  return createDb(d1)
    .select()
    .from(runners)
    .where(and(eq(runners.orgId, scope.orgId), eq(runners.id, id)))
    .get();
}

/** Revokes a runner: its token stops working at once. */
export async function revokeRunner(d1: D1Database, scope: OrgScope, id: string, now: number): Promise<void> {
  await createDb(d1)
    .update(runners)
    .set({ revokedAt: now })
    .where(and(eq(runners.orgId, scope.orgId), eq(runners.id, id), isNull(runners.revokedAt)));
}

/** The runner whose token has this prefix, in any org (the token then proves the org). */
export async function findRunnerByTokenPrefix(d1: D1Database, prefix: string): Promise<RunnerRow | undefined> {
  return createDb(d1).select().from(runners).where(eq(runners.tokenPrefix, prefix)).get();
}

/** Records that the runner called in (and with which CLI version). */
export async function touchRunner(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  values: { now: number; version?: string },
): Promise<void> {
  await createDb(d1)
    .update(runners)
    .set({
      lastSeenAt: values.now,
      ...(values.version ? { version: values.version } : {}),
    })
    .where(and(eq(runners.orgId, scope.orgId), eq(runners.id, id)));
}
