/**
 * Runner tasks: what a `runner` step hands to self-hosted runners. Claims and completions are
 * compare-and-set updates on (status, runner, lease), so two runners never both hold a task.
 */
import { and, asc, eq, inArray, isNotNull, lte, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import { labelsSatisfy } from "../../runners/rules";
import { createDb } from "../client";
import { type RunnerTaskStatus, runnerTasks } from "../schema";

export type RunnerTaskRow = typeof runnerTasks.$inferSelect;

/** What a `runner` step asks for. */
export interface NewRunnerTask {
  id: string;
  run_id: string;
  node_id: string;
  attempt: number;
  idempotency_key: string;
  labels: string[];
  command: string;
  env: Record<string, string>;
  connection_env: Record<string, string>;
  timeout_ms: number;
  workdir: string | null;
}

/** Candidates looked at per claim (oldest first), after the label filter. */
const CLAIM_SCAN = 50;

/**
 * Tasks whose every label is among `offered` (SQL over the JSON array), so the scan only sees tasks this runner
 * can run: filtering after the LIMIT would let a backlog of tasks waiting for another kind of runner hide them.
 */
function labelsOffered(offered: readonly string[]): SQL {
  const unoffered = offered.length === 0 ? sql`1 = 1` : notInArray(sql`json_each.value`, [...offered]);
  return sql`NOT EXISTS (SELECT 1 FROM json_each(${runnerTasks.labels}) WHERE ${unoffered})`;
}

/**
 * Inserts the task, or returns the one already made for the same idempotency key (a recovered attempt).
 * @example const task = await insertRunnerTaskOnce(db, scope, { id: newId("rtk"), … });
 */
export async function insertRunnerTaskOnce(
  d1: D1Database,
  scope: OrgScope,
  task: NewRunnerTask,
): Promise<RunnerTaskRow> {
  const db = createDb(d1);
  await db
    .insert(runnerTasks)
    .values({
      id: task.id,
      orgId: scope.orgId,
      runId: task.run_id,
      nodeId: task.node_id,
      attempt: task.attempt,
      idempotencyKey: task.idempotency_key,
      labels: task.labels,
      command: task.command,
      env: task.env,
      connectionEnv: task.connection_env,
      timeoutMs: task.timeout_ms,
      workdir: task.workdir,
    })
    .onConflictDoNothing({ target: runnerTasks.idempotencyKey });
  const row = await db
    .select()
    .from(runnerTasks)
    .where(and(eq(runnerTasks.orgId, scope.orgId), eq(runnerTasks.idempotencyKey, task.idempotency_key)))
    .get();
  if (!row) throw new Error("runner task insert returned nothing");
  return row;
}

/** One task of the org, or undefined. */
export async function getRunnerTask(d1: D1Database, scope: OrgScope, id: string): Promise<RunnerTaskRow | undefined> {
  return createDb(d1)
    .select()
    .from(runnerTasks)
    .where(and(eq(runnerTasks.orgId, scope.orgId), eq(runnerTasks.id, id)))
    .get();
}

/**
 * Claims the oldest claimable task whose labels the runner offers: pending, or leased with an expired lease.
 * The update re-checks the status and lease it read, so when two runners race only one wins (the other
 * tries the next candidate). Null when nothing fits.
 */
export async function claimRunnerTask(
  d1: D1Database,
  scope: OrgScope,
  claim: { runnerId: string; labels: readonly string[]; now: number; leaseMs: number },
): Promise<RunnerTaskRow | null> {
  const db = createDb(d1);
  const candidates = await db
    .select({
      id: runnerTasks.id,
      labels: runnerTasks.labels,
      status: runnerTasks.status,
      leaseExpiresAt: runnerTasks.leaseExpiresAt,
    })
    .from(runnerTasks)
    .where(
      and(
        eq(runnerTasks.orgId, scope.orgId),
        labelsOffered(claim.labels),
        or(
          eq(runnerTasks.status, "pending"),
          and(
            eq(runnerTasks.status, "leased"),
            isNotNull(runnerTasks.leaseExpiresAt),
            lte(runnerTasks.leaseExpiresAt, claim.now),
          ),
        ),
      ),
    )
    .orderBy(asc(runnerTasks.createdAt))
    .limit(CLAIM_SCAN);
  for (const candidate of candidates) {
    if (!labelsSatisfy(candidate.labels, claim.labels)) continue;
    const same =
      candidate.status === "pending"
        ? eq(runnerTasks.status, "pending")
        : and(
            eq(runnerTasks.status, "leased"),
            // Exactly the expired lease we saw: another runner that claimed it since has renewed it.
            eq(runnerTasks.leaseExpiresAt, candidate.leaseExpiresAt ?? -1),
          );
    const [won] = await db
      .update(runnerTasks)
      .set({
        status: "leased",
        runnerId: claim.runnerId,
        leaseExpiresAt: claim.now + claim.leaseMs,
        claims: sql`${runnerTasks.claims} + 1`,
        updatedAt: claim.now,
      })
      .where(and(eq(runnerTasks.id, candidate.id), eq(runnerTasks.orgId, scope.orgId), same))
      .returning();
    if (won) return won;
  }
  return null;
}

/** Renews the lease of a task the runner holds; null when it doesn't hold it (any more). */
export async function renewLease(
  d1: D1Database,
  scope: OrgScope,
  taskId: string,
  runnerId: string,
  until: number,
  now: number,
): Promise<RunnerTaskRow | null> {
  const [row] = await createDb(d1)
    .update(runnerTasks)
    .set({ leaseExpiresAt: until, updatedAt: now })
    .where(
      and(
        eq(runnerTasks.orgId, scope.orgId),
        eq(runnerTasks.id, taskId),
        eq(runnerTasks.runnerId, runnerId),
        eq(runnerTasks.status, "leased"),
      ),
    )
    .returning();
  return row ?? null;
}

/** Marks a leased task finished, if this runner still holds it. */
export async function finishRunnerTask(
  d1: D1Database,
  scope: OrgScope,
  taskId: string,
  runnerId: string,
  done: { status: Extract<RunnerTaskStatus, "succeeded" | "failed">; exitCode: number; now: number },
): Promise<boolean> {
  const rows = await createDb(d1)
    .update(runnerTasks)
    .set({ status: done.status, exitCode: done.exitCode, completedAt: done.now, updatedAt: done.now })
    .where(
      and(
        eq(runnerTasks.orgId, scope.orgId),
        eq(runnerTasks.id, taskId),
        eq(runnerTasks.runnerId, runnerId),
        eq(runnerTasks.status, "leased"),
      ),
    )
    .returning({ id: runnerTasks.id });
  return rows.length > 0;
}

/** Cancels a task that hasn't finished: a pending one is never claimed, a leased one's runner is told to stop. */
export async function cancelRunnerTask(d1: D1Database, scope: OrgScope, taskId: string, now: number): Promise<void> {
  await createDb(d1)
    .update(runnerTasks)
    .set({ status: "canceled", completedAt: now, updatedAt: now })
    .where(
      and(
        eq(runnerTasks.orgId, scope.orgId),
        eq(runnerTasks.id, taskId),
        inArray(runnerTasks.status, ["pending", "leased"]),
      ),
    );
}
