/**
 * The audit trail: `recordAudit` appends one event (there is no update or delete path; the
 * database refuses them too), `listAudit` pages through an org's events, newest first.
 */
import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import type { Context } from "hono";
import type { OrgScope, Principal } from "../auth/principal";
import type { AppEnv } from "../context";
import type { AuditEvent, AuditQuery } from "../contracts/audit";
import { createDb } from "../db/client";
import { auditEvents } from "../db/schema";
import { AppError } from "../errors";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { newId } from "../lib/ids";

export type ActorType = "user" | "api_key" | "system" | "webhook";

export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
}

export interface AuditActor {
  actorType: ActorType;
  actorId: string | null;
}

/** Appends one event for `orgId`, with the request id and client IP of the current request. */
export async function recordAudit(
  c: Context<AppEnv>,
  orgId: string,
  actor: AuditActor | Principal,
  input: AuditInput,
): Promise<void> {
  const who = "type" in actor ? { actorType: actor.type, actorId: actor.id } : actor;
  await createDb(c.env.DB)
    .insert(auditEvents)
    .values({
      id: newId("aud"),
      orgId,
      occurredAt: Date.now(),
      actorType: who.actorType,
      actorId: who.actorId,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      metadata: input.metadata ?? {},
      requestId: c.get("requestId") ?? null,
      ip: clientIp(c),
    });
}

/** The caller's IP as Cloudflare reports it (`CF-Connecting-IP`). */
export function clientIp(c: Context<AppEnv>): string | null {
  return c.req.header("CF-Connecting-IP") ?? c.req.header("X-Real-IP") ?? null;
}

type AuditRow = typeof auditEvents.$inferSelect;

export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    occurred_at: new Date(row.occurredAt).toISOString(),
    actor_type: row.actorType,
    actor_id: row.actorId,
    action: row.action,
    target_type: row.targetType,
    target_id: row.targetId,
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
    request_id: row.requestId,
    ip: row.ip,
  };
}

/** One page of an org's audit events, newest first, with filters. */
export async function listAudit(d1: D1Database, scope: OrgScope, query: AuditQuery) {
  const where: SQL[] = [eq(auditEvents.orgId, scope.orgId)];
  if (query.actor) where.push(eq(auditEvents.actorId, query.actor));
  if (query.action) where.push(eq(auditEvents.action, query.action));
  if (query.target_type) where.push(eq(auditEvents.targetType, query.target_type));
  if (query.target_id) where.push(eq(auditEvents.targetId, query.target_id));
  if (query.from) where.push(gte(auditEvents.occurredAt, Date.parse(query.from)));
  if (query.to) where.push(lte(auditEvents.occurredAt, Date.parse(query.to)));
  if (query.cursor) {
    const { at: atText, id } = decodeCursor(query.cursor);
    const at = Number(atText);
    if (!id || !Number.isFinite(at))
      throw new AppError("bad_request", "The cursor is not valid; start again without it");
    const keyset = or(lt(auditEvents.occurredAt, at), and(eq(auditEvents.occurredAt, at), lt(auditEvents.id, id)));
    if (keyset) where.push(keyset);
  }
  const rows = await createDb(d1)
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditEvent),
    next_cursor: rows.length > query.limit && last ? encodeCursor({ at: String(last.occurredAt), id: last.id }) : null,
  };
}
