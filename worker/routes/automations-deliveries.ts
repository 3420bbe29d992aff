/**
 * The delivery log (`/automations/deliveries`): filter by status and destination, per-attempt
 * detail, and redeliver. Also the comments callbacks add (`/automations/comments`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { enqueueDeliveries } from "../automations/events";
import { DeliveriesQuery, Delivery, DeliveryDetail, DeliveryPage } from "../contracts/automations";
import { Comment } from "../contracts/automations-callbacks";
import { IdParam } from "../contracts/common";
import { listComments } from "../db/repos/automations-comments";
import {
  getDelivery,
  listAttempts,
  listDeliveries,
  resetForRedelivery,
  toAttempt,
  toDelivery,
} from "../db/repos/automations-deliveries";
import { getDestination } from "../db/repos/automations-destinations";
import { getEvent } from "../db/repos/automations-events";
import { AppError } from "../errors";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json } from "./openapi";

const tags = ["Automations"];

const list = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "The delivery log, newest first",
  security: bearer,
  middleware: guard("automations:read"),
  request: { query: DeliveriesQuery },
  responses: { 200: json(DeliveryPage, "A page of deliveries"), ...errors(400, 401, 403) },
});

const detail = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "One delivery with its event and every attempt",
  security: bearer,
  middleware: guard("automations:read"),
  request: { params: IdParam },
  responses: { 200: json(DeliveryDetail, "The delivery"), ...errors(401, 403, 404) },
});

const redeliver = createRoute({
  method: "post",
  path: "/{id}/redeliver",
  tags,
  summary: "Send again now, with a fresh retry schedule",
  security: bearer,
  middleware: guard("automations:manage"),
  request: { params: IdParam },
  responses: { 202: json(Delivery, "Queued"), ...errors(401, 403, 404, 409) },
});

export const deliveriesRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json(await listDeliveries(c.env.DB, scopeOf(principalOf(c)), c.req.valid("query")), 200),
  )
  .openapi(detail, async (c) => {
    const scope = scopeOf(principalOf(c));
    const found = await getDelivery(c.env.DB, scope, c.req.valid("param").id);
    if (!found) throw new AppError("not_found", "No such delivery");
    const { delivery, destinationName } = found;
    const [attempts, event] = await Promise.all([
      listAttempts(c.env.DB, scope, delivery.id),
      getEvent(c.env.DB, scope, delivery.eventId),
    ]);
    return c.json(
      {
        ...toDelivery(delivery, destinationName),
        event: event
          ? {
              event_id: event.eventId,
              tenant_id: event.orgId,
              occurred_at: new Date(event.occurredAt).toISOString(),
              type: event.type,
              payload: JSON.parse(event.payload) as unknown,
              correlation_id: event.correlationId,
            }
          : null,
        attempt_log: attempts.map(toAttempt),
      },
      200,
    );
  })
  .openapi(redeliver, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const found = await getDelivery(c.env.DB, scope, id);
    if (!found) throw new AppError("not_found", "No such delivery");
    const destination = await getDestination(c.env.DB, scope, found.delivery.destinationId);
    if (!destination) throw new AppError("conflict", "The destination of this delivery was deleted");
    if (!destination.enabled) throw new AppError("conflict", "The destination is disabled; enable it, then redeliver");
    const reset = await resetForRedelivery(c.env.DB, scope, id, Date.now());
    if (!reset) throw new AppError("conflict", "This delivery is already waiting to be sent");
    await enqueueDeliveries(c.env.DELIVERIES, [id]);
    await recordAudit(c, principal.orgId, principal, {
      action: "delivery.redelivered",
      targetType: "delivery",
      targetId: id,
      metadata: { destination_id: destination.id, event_id: reset.eventId, round: reset.round },
    });
    return c.json(toDelivery(reset, destination.name), 202);
  });

const CommentsQuery = z.object({ target: z.string().trim().min(1).max(200) });

const comments = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Comments on a run or reference, added by callbacks (`add_comment`)",
  security: bearer,
  middleware: guard("automations:read"),
  request: { query: CommentsQuery },
  responses: {
    200: json(z.object({ items: z.array(Comment) }).openapi("CommentList"), "Comments, oldest first"),
    ...errors(400, 401, 403),
  },
});

export const commentsRoutes = createRouter().openapi(comments, async (c) =>
  c.json({ items: await listComments(c.env.DB, scopeOf(principalOf(c)), c.req.valid("query").target) }, 200),
);
