/**
 * `POST /automations/callbacks`: signed inbound callbacks from integrators. No bearer token: the
 * destination's signing secret is the credential (see worker/automations/callbacks.ts).
 *
 * A plain route rather than `openapi()`: it must read the body as raw text (the signature covers
 * those bytes) and answer a repeat with the stored bytes and status, which the typed-response
 * handler can't express. Its contract is registered in the OpenAPI document by hand.
 */
import { z } from "@hono/zod-openapi";
import { recordAudit } from "../audit/audit";
import { processCallback } from "../automations/callbacks";
import { CallbackEnvelope, CallbackResult } from "../contracts/automations-callbacks";
import { AppError, validationError } from "../errors";
import { createRouter } from "../router";
import { errors, json, jsonBody } from "./openapi";

const CallbackHeaders = z.object({
  "x-fluxo-signature": z.string().max(2000).optional().openapi({ description: "v1=<hex HMAC-SHA256>" }),
  "x-fluxo-timestamp": z.string().max(20).optional().openapi({ description: "Unix seconds" }),
  "x-fluxo-event-id": z.string().max(200).optional(),
  "x-fluxo-tenant-id": z.string().max(200).optional(),
});

function parseBody(rawBody: string) {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("malformed_json", "The request body is not valid JSON");
  }
  const parsed = CallbackEnvelope.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error, "json");
  return parsed.data;
}

export const callbacksRoutes = createRouter();

callbacksRoutes.openAPIRegistry.registerPath({
  method: "post",
  path: "/", // mounted at /api/v1/automations/callbacks
  tags: ["Automations"],
  summary: "A signed callback: resume_run, approve, reject, signal, start_workflow, add_comment",
  description:
    "Sign `timestamp.event_id.tenant_id.raw_body` with the destination's secret (HMAC-SHA256, hex) and send " +
    "`X-Fluxo-Signature: v1=<hex>` and `X-Fluxo-Timestamp`. A repeat of the same event_id (or correlation_id) " +
    "runs once and gets the first answer again, with `X-Fluxo-Replayed: true`. Also at /v1/automations/callbacks.",
  request: { headers: CallbackHeaders, body: jsonBody(CallbackEnvelope) },
  responses: { 200: json(CallbackResult, "Executed"), ...errors(400, 401, 403, 404, 409) },
});

callbacksRoutes.post("/", async (c) => {
  const headers = CallbackHeaders.safeParse({
    "x-fluxo-signature": c.req.header("x-fluxo-signature"),
    "x-fluxo-timestamp": c.req.header("x-fluxo-timestamp"),
    "x-fluxo-event-id": c.req.header("x-fluxo-event-id"),
    "x-fluxo-tenant-id": c.req.header("x-fluxo-tenant-id"),
  });
  if (!headers.success) throw validationError(headers.error, "header");
  const rawBody = await c.req.text();
  const outcome = await processCallback(c.env, {
    envelope: parseBody(rawBody),
    rawBody,
    headers: {
      signature: headers.data["x-fluxo-signature"],
      timestamp: headers.data["x-fluxo-timestamp"],
      eventId: headers.data["x-fluxo-event-id"],
      tenantId: headers.data["x-fluxo-tenant-id"],
    },
    requestId: c.get("requestId") ?? "unknown",
    nowMs: Date.now(),
  });
  if (outcome.execution) {
    const { orgId, destinationId, action, dedupeKey, status, errorCode } = outcome.execution;
    await recordAudit(
      c,
      orgId,
      { actorType: "webhook", actorId: destinationId },
      {
        action: "callback.executed",
        targetType: "destination",
        targetId: destinationId,
        metadata: { action, dedupe_key: dedupeKey, status, error_code: errorCode },
      },
    );
  }
  return new Response(outcome.body, {
    status: outcome.status,
    headers: { "content-type": "application/json", ...(outcome.replayed ? { "X-Fluxo-Replayed": "true" } : {}) },
  });
});
