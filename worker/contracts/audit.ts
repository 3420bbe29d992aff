/** Contracts of the audit trail (`GET /api/v1/audit`). */
import { z } from "@hono/zod-openapi";
import { PageQuery, pageOf, Timestamp } from "./common";

export const AuditEvent = z
  .object({
    id: z.string(),
    occurred_at: Timestamp,
    actor_type: z.enum(["user", "api_key", "system", "webhook"]),
    actor_id: z.string().nullable(),
    action: z.string(),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    request_id: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .openapi("AuditEvent");
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = PageQuery.extend({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  target_type: z.string().max(100).optional(),
  target_id: z.string().max(100).optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = pageOf(AuditEvent).openapi("AuditPage");
