/**
 * Contracts of signed inbound callbacks (`POST /api/v1/automations/callbacks`): the envelope that is
 * checked before anything runs, and the actions as one discriminated union on `action`.
 */
import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

const Id = z.string().trim().min(1).max(200);

/**
 * What every callback carries. The signature (`X-Fluxo-Signature`, `X-Fluxo-Timestamp`) covers
 * `timestamp.event_id.tenant_id.raw_body`, with `event_id` falling back to `correlation_id`.
 */
export const CallbackEnvelope = z
  .object({
    destination_id: Id,
    tenant_id: Id,
    event_id: Id.optional().openapi({ description: "Dedupe key; give this or correlation_id" }),
    correlation_id: Id.optional(),
    action: z.string().min(1).max(50),
    params: z.unknown().optional(),
  })
  .refine((body) => body.event_id !== undefined || body.correlation_id !== undefined, {
    message: "Give event_id or correlation_id (the key that makes a repeated callback run once)",
    path: ["event_id"],
  })
  .openapi("CallbackRequest");
export type CallbackEnvelope = z.infer<typeof CallbackEnvelope>;

const ApprovalNote = z.string().trim().max(2000);

/** Each action with its params. Adding one without a handler fails type-checking (`callback-actions.ts`). */
export const CallbackAction = z.discriminatedUnion("action", [
  z.object({ action: z.literal("resume_run"), params: z.object({ run_id: Id }) }),
  z.object({
    action: z.literal("approve"),
    params: z.object({ run_id: Id, node_id: Id.optional(), comment: ApprovalNote.optional() }),
  }),
  z.object({
    action: z.literal("reject"),
    params: z.object({ run_id: Id, node_id: Id.optional(), comment: ApprovalNote.optional() }),
  }),
  z.object({
    action: z.literal("signal"),
    params: z.object({
      event_name: z.string().trim().min(1).max(100),
      correlation_key: Id.optional(),
      run_id: Id.optional(),
      payload: z.unknown().optional(),
    }),
  }),
  z.object({
    action: z.literal("start_workflow"),
    params: z.object({
      workflow_id: Id,
      input: z.record(z.string(), z.unknown()).optional(),
      idempotency_key: Id.optional(),
    }),
  }),
  z.object({
    action: z.literal("add_comment"),
    params: z.object({
      target: Id.openapi({ description: "A run id or any reference of yours (ticket id, order id)" }),
      body: z.string().trim().min(1).max(10_000),
      author: z.string().trim().min(1).max(100).optional(),
    }),
  }),
]);
export type CallbackAction = z.infer<typeof CallbackAction>;
export type CallbackActionName = CallbackAction["action"];

/** Every action name, for docs and the UI. */
export const CALLBACK_ACTIONS = [
  "resume_run",
  "approve",
  "reject",
  "signal",
  "start_workflow",
  "add_comment",
] as const satisfies readonly CallbackActionName[];

export const CallbackResult = z
  .object({
    action: z.enum(CALLBACK_ACTIONS),
    status: z.literal("executed"),
    result: z.record(z.string(), z.unknown()),
  })
  .openapi("CallbackResult");
export type CallbackResult = z.infer<typeof CallbackResult>;

/** A comment stored by `add_comment`, on a run or any reference. */
export const Comment = z
  .object({
    id: z.string(),
    target: z.string(),
    body: z.string(),
    author: z.string(),
    source: z.string(),
    created_at: Timestamp,
  })
  .openapi("Comment");
export type Comment = z.infer<typeof Comment>;
