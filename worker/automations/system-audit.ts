/**
 * Audit events recorded outside a request (the queue consumer disabling a destination). Routes use
 * `recordAudit` from worker/audit, which needs the request context for its id and IP.
 */
import { createDb } from "../db/client";
import { auditEvents } from "../db/schema";
import { newId } from "../lib/ids";

export interface SystemAuditInput {
  action: string;
  targetType: string;
  targetId: string;
  metadata?: Record<string, unknown>;
}

/** Appends one event with actor type `system`. */
export async function recordSystemAudit(
  d1: D1Database,
  orgId: string,
  input: SystemAuditInput,
  nowMs: number,
): Promise<void> {
  await createDb(d1)
    .insert(auditEvents)
    .values({
      id: newId("aud"),
      orgId,
      occurredAt: nowMs,
      actorType: "system",
      actorId: null,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      metadata: input.metadata ?? {},
      requestId: null,
      ip: null,
    });
}
