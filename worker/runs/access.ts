/**
 * Reaching a run: the D1 index proves the caller's org owns it before the Worker talks to its run
 * object. Another org's run answers 404, exactly like a run that doesn't exist.
 */
import { and, eq } from "drizzle-orm";
import type { OrgScope } from "../auth/principal";
import { createDb } from "../db/client";
import { runs } from "../db/schema";
import { AppError } from "../errors";

export type RunIndexRow = typeof runs.$inferSelect;

export async function getRunRow(d1: D1Database, scope: OrgScope, runId: string): Promise<RunIndexRow> {
  const row = await createDb(d1)
    .select()
    .from(runs)
    .where(and(eq(runs.orgId, scope.orgId), eq(runs.id, runId)))
    .get();
  if (!row) throw new AppError("not_found", "Run not found");
  return row;
}

/** The run object of a run the caller may reach (checked through the index first). */
export async function runObjectFor(env: Env, scope: OrgScope, runId: string) {
  const row = await getRunRow(env.DB, scope, runId);
  return { row, stub: env.RUNS.get(env.RUNS.idFromName(row.id)) };
}
