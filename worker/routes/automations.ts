/**
 * The automations hub API (`/api/v1/automations`, alias `/v1/automations`): destinations (create,
 * list, get, update, delete, rotate secret, test ping), plus the delivery log, comments and signed
 * callbacks from the sibling route files. Signing secrets are only ever returned masked, except a
 * secret Fluxo generated, shown once in the response that created it.
 */
import { createRoute } from "@hono/zod-openapi";
import { Hono } from "hono";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { destinationPatch } from "../automations/destination-patch";
import { generateSigningSecret, keyring, sealDestinationSecret } from "../automations/destination-secrets";
import { checkDestinationUrl } from "../automations/destination-url";
import { publishEvent } from "../automations/events";
import { normalizeSubscriptions } from "../automations/subscriptions";
import type { AppEnv } from "../context";
import {
  CreateDestinationBody,
  CreatedDestination,
  Destination,
  DestinationList,
  RotateSecretBody,
  TestSendResult,
  UpdateDestinationBody,
} from "../contracts/automations";
import { IdParam } from "../contracts/common";
import {
  deleteDestination,
  getDestination,
  insertDestination,
  listDestinations,
  toDestination,
  updateDestination,
} from "../db/repos/automations-destinations";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { limitBody } from "../middleware/body-limit";
import { createRouter } from "../router";
import { callbacksRoutes } from "./automations-callbacks";
import { commentsRoutes, deliveriesRoutes } from "./automations-deliveries";
import { bearer, errors, json, jsonBody } from "./openapi";

const tags = ["Automations"];

/** A URL the network policy refuses is a 400 on the `url` field. */
async function allowedUrl(env: Env, url: string): Promise<string> {
  const verdict = await checkDestinationUrl(env, url);
  if (verdict.ok) return verdict.url;
  throw new AppError("validation_failed", verdict.message, {
    details: { issues: [{ path: "url", code: "network_blocked", message: verdict.message }] },
  });
}

/** The host only: URLs may embed tokens (`?token=`), which don't belong in the audit trail. */
function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : "";
}

const create = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Create a destination (a generated secret is returned once)",
  security: bearer,
  middleware: guard("automations:manage"),
  request: { body: jsonBody(CreateDestinationBody) },
  responses: { 201: json(CreatedDestination, "Created"), ...errors(400, 401, 403) },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "List destinations (secrets masked)",
  security: bearer,
  middleware: guard("automations:read"),
  responses: { 200: json(DestinationList, "Destinations"), ...errors(401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "One destination",
  security: bearer,
  middleware: guard("automations:read"),
  request: { params: IdParam },
  responses: { 200: json(Destination, "The destination"), ...errors(401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  summary: "Change a destination; enabling clears an automatic disable",
  security: bearer,
  middleware: guard("automations:manage"),
  request: { params: IdParam, body: jsonBody(UpdateDestinationBody) },
  responses: { 200: json(Destination, "Updated"), ...errors(400, 401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  summary: "Delete a destination (its delivery log stays)",
  security: bearer,
  middleware: guard("automations:manage"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404) },
});

const rotate = createRoute({
  method: "post",
  path: "/{id}/rotate-secret",
  tags,
  summary: "Replace the signing secret; the old one stays valid for the grace period",
  security: bearer,
  middleware: guard("automations:manage"),
  request: { params: IdParam, body: jsonBody(RotateSecretBody) },
  responses: { 200: json(CreatedDestination, "Rotated"), ...errors(400, 401, 403, 404) },
});

const test = createRoute({
  method: "post",
  path: "/{id}/test",
  tags,
  summary: "Send a signed `destination.test` ping to this destination",
  security: bearer,
  middleware: guard("automations:manage"),
  request: { params: IdParam },
  responses: { 202: json(TestSendResult, "Queued"), ...errors(401, 403, 404, 409) },
});

const destinationsRoutes = createRouter()
  .openapi(create, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid("json");
    const url = await allowedUrl(c.env, body.url);
    const id = newId("dst");
    const secret = body.secret ?? generateSigningSecret();
    const sealed = await sealDestinationSecret(await keyring(c.env), id, secret);
    const now = Date.now();
    const row = await insertDestination(c.env.DB, scopeOf(principal), {
      id,
      name: body.name,
      url,
      eventTypes: normalizeSubscriptions(body.event_types),
      enabled: body.enabled,
      secretCiphertext: sealed.ciphertext,
      secretMask: sealed.mask,
      disabledReason: body.enabled ? null : "manual",
      disabledAt: body.enabled ? null : now,
      createdBy: principal.id,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(c, principal.orgId, principal, {
      action: "destination.created",
      targetType: "destination",
      targetId: id,
      metadata: {
        name: row.name,
        host: hostOf(url),
        event_types: row.eventTypes,
        secret: body.secret ? "supplied" : "generated",
      },
    });
    return c.json({ ...toDestination(row, now), ...(body.secret ? {} : { secret }) }, 201);
  })
  .openapi(list, async (c) => {
    const now = Date.now();
    const rows = await listDestinations(c.env.DB, scopeOf(principalOf(c)));
    return c.json({ items: rows.map((row) => toDestination(row, now)) }, 200);
  })
  .openapi(get, async (c) => {
    const row = await getDestination(c.env.DB, scopeOf(principalOf(c)), c.req.valid("param").id);
    if (!row) throw new AppError("not_found", "No such destination");
    return c.json(toDestination(row, Date.now()), 200);
  })
  .openapi(update, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const row = await getDestination(c.env.DB, scope, id);
    if (!row) throw new AppError("not_found", "No such destination");
    const url = body.url === undefined ? undefined : await allowedUrl(c.env, body.url);
    const now = Date.now();
    const { patch, changes, audit } = destinationPatch(row, { ...body, url }, now);
    const updated = changes.length === 0 ? row : await updateDestination(c.env.DB, scope, id, patch, now);
    if (!updated) throw new AppError("not_found", "No such destination");
    if (changes.length > 0) {
      await recordAudit(c, principal.orgId, principal, {
        action: audit,
        targetType: "destination",
        targetId: id,
        metadata: { name: updated.name, changes, previous_disabled_reason: row.disabledReason },
      });
    }
    return c.json(toDestination(updated, now), 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const row = await getDestination(c.env.DB, scope, id);
    if (!row) throw new AppError("not_found", "No such destination");
    await deleteDestination(c.env.DB, scope, id, Date.now());
    await recordAudit(c, principal.orgId, principal, {
      action: "destination.deleted",
      targetType: "destination",
      targetId: id,
      metadata: { name: row.name },
    });
    return c.body(null, 204);
  })
  .openapi(rotate, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const row = await getDestination(c.env.DB, scope, id);
    if (!row) throw new AppError("not_found", "No such destination");
    const secret = body.secret ?? generateSigningSecret();
    const sealed = await sealDestinationSecret(await keyring(c.env), id, secret);
    const now = Date.now();
    const grace = body.grace_period_seconds;
    const updated = await updateDestination(
      c.env.DB,
      scope,
      id,
      {
        secretCiphertext: sealed.ciphertext,
        secretMask: sealed.mask,
        previousSecretCiphertext: grace > 0 ? row.secretCiphertext : null,
        previousSecretMask: grace > 0 ? row.secretMask : null,
        previousExpiresAt: grace > 0 ? now + grace * 1000 : null,
      },
      now,
    );
    if (!updated) throw new AppError("not_found", "No such destination");
    await recordAudit(c, principal.orgId, principal, {
      action: "destination.secret_rotated",
      targetType: "destination",
      targetId: id,
      metadata: { name: row.name, grace_period_seconds: grace, secret: body.secret ? "supplied" : "generated" },
    });
    return c.json({ ...toDestination(updated, now), ...(body.secret ? {} : { secret }) }, 200);
  })
  .openapi(test, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid("param");
    const row = await getDestination(c.env.DB, scopeOf(principal), id);
    if (!row) throw new AppError("not_found", "No such destination");
    if (!row.enabled) throw new AppError("conflict", "This destination is disabled; enable it to send a test event");
    const published = await publishEvent(c.env, {
      orgId: principal.orgId,
      type: "destination.test",
      payload: {
        message: "Test event from Fluxo",
        destination_id: id,
        destination_name: row.name,
        sent_by: principal.id,
      },
      correlationId: c.get("requestId") ?? null,
      onlyDestinationId: id,
    });
    const delivery = published.deliveries[0];
    if (!delivery) throw new AppError("conflict", "This destination can't receive events right now");
    await recordAudit(c, principal.orgId, principal, {
      action: "destination.test_sent",
      targetType: "destination",
      targetId: id,
      metadata: { event_id: published.eventId, delivery_id: delivery.id },
    });
    return c.json({ event_id: published.eventId, delivery_id: delivery.id }, 202);
  });

/** Every automations route, mounted at `/api/v1/automations`. */
export const automationsRoutes = createRouter()
  .route("/destinations", destinationsRoutes)
  .route("/deliveries", deliveriesRoutes)
  .route("/comments", commentsRoutes)
  .route("/callbacks", callbacksRoutes);

/**
 * The same routes for the `/v1/automations` alias, with the body limit `/api/*` gets from the app.
 * A plain Hono wrapper, so the OpenAPI document lists each route once (under /api/v1).
 */
export const automationsAlias = new Hono<AppEnv>().use("*", limitBody()).route("/", automationsRoutes);
