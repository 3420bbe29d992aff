/**
 * Signed inbound callbacks: check the destination, the signature (its secret; timestamp within
 * 300 s), that the tenant owns it and that it is enabled; then run the action once per
 * (destination, event_id or correlation_id) and answer a repeat with the stored response.
 */
import { systemScope } from "../auth/principal";
import {
  CALLBACK_ACTIONS,
  CallbackAction,
  type CallbackEnvelope,
  type CallbackResult,
} from "../contracts/automations-callbacks";
import { claimReceipt, completeReceipt, releaseReceipt } from "../db/repos/automations-callbacks";
import { findDestinationForCallback } from "../db/repos/automations-destinations";
import { AppError, errorBody, validationError } from "../errors";
import { executeCallbackAction } from "./callback-actions";
import { activeSecrets, keyring } from "./destination-secrets";
import { verifySignature } from "./signing";

/** A `processing` receipt older than this belongs to a request that died; a repeat may take it over. */
const STALE_CLAIM_MS = 60_000;

export interface CallbackRequest {
  envelope: CallbackEnvelope;
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: string;
  headers: { signature?: string; timestamp?: string; eventId?: string; tenantId?: string };
  requestId: string;
  nowMs: number;
}

/** What was executed, for the audit trail (absent for a repeat). */
export interface CallbackExecution {
  orgId: string;
  destinationId: string;
  action: string;
  dedupeKey: string;
  status: number;
  errorCode: string | null;
}

export interface CallbackResponse {
  status: number;
  /** JSON text, answered byte for byte the same to a repeat. */
  body: string;
  replayed: boolean;
  execution?: CallbackExecution;
}

function isKnownAction(action: string): action is CallbackAction["action"] {
  return (CALLBACK_ACTIONS as readonly string[]).includes(action);
}

function parseAction(envelope: CallbackEnvelope): CallbackAction {
  if (!isKnownAction(envelope.action)) {
    throw new AppError("validation_failed", `Unknown action "${envelope.action}"`, {
      details: {
        issues: [{ path: "action", code: "invalid_value", message: `Use one of ${CALLBACK_ACTIONS.join(", ")}` }],
      },
    });
  }
  const parsed = CallbackAction.safeParse({ action: envelope.action, params: envelope.params ?? {} });
  if (!parsed.success) throw validationError(parsed.error, `params for ${envelope.action}`);
  return parsed.data;
}

/**
 * Authenticates a callback and runs it at most once. Refusals (unknown destination, bad signature,
 * stale timestamp, another tenant, disabled) throw `AppError` and are not stored; an executed
 * action's answer (success or a 4xx refusal) is stored and replayed for repeats.
 */
export async function processCallback(env: Env, request: CallbackRequest): Promise<CallbackResponse> {
  const { envelope, headers, nowMs } = request;
  const dedupeKey = envelope.event_id ?? envelope.correlation_id ?? "";
  if (headers.eventId !== undefined && headers.eventId !== dedupeKey) {
    throw new AppError("bad_request", "X-Fluxo-Event-Id doesn't match the body's event_id (or correlation_id)");
  }
  if (headers.tenantId !== undefined && headers.tenantId !== envelope.tenant_id) {
    throw new AppError("bad_request", "X-Fluxo-Tenant-Id doesn't match the body's tenant_id");
  }
  const destination = await findDestinationForCallback(env.DB, envelope.destination_id);
  if (!destination) throw new AppError("not_found", "No such destination");

  const secrets = await activeSecrets(await keyring(env), destination, nowMs);
  const verdict = await verifySignature({
    secrets,
    signatureHeader: headers.signature,
    timestampHeader: headers.timestamp,
    eventId: dedupeKey,
    tenantId: envelope.tenant_id,
    rawBody: request.rawBody,
    nowMs,
  });
  if (!verdict.ok) throw new AppError("unauthorized", verdict.message, { details: { reason: verdict.reason } });
  // Only checked after the signature, so nobody without the secret learns who owns a destination.
  if (destination.orgId !== envelope.tenant_id) {
    throw new AppError("forbidden", "This destination doesn't belong to that tenant");
  }
  if (!destination.enabled) {
    throw new AppError("forbidden", "This destination is disabled; an admin must enable it to accept callbacks");
  }

  const claim = await claimReceipt(
    env.DB,
    { destinationId: destination.id, dedupeKey, orgId: destination.orgId, action: envelope.action },
    nowMs,
    STALE_CLAIM_MS,
  );
  if (!claim.claimed) {
    const { receipt } = claim;
    if (receipt.state === "done" && receipt.responseStatus !== null && receipt.responseBody !== null) {
      return { status: receipt.responseStatus, body: receipt.responseBody, replayed: true };
    }
    throw new AppError("conflict", "This callback is still being processed; repeat it in a moment");
  }

  const scope = systemScope(destination.orgId, "signed callback from one of the org's destinations");
  let status: number;
  let body: string;
  let errorCode: string | null = null;
  try {
    const action = parseAction(envelope);
    const result = await executeCallbackAction({ env, db: env.DB, scope, destinationId: destination.id }, action);
    status = 200;
    body = JSON.stringify({ action: action.action, status: "executed", result } satisfies CallbackResult);
  } catch (err) {
    if (!(err instanceof AppError)) {
      await releaseReceipt(env.DB, destination.id, dedupeKey);
      throw err;
    }
    status = err.status;
    errorCode = err.code;
    body = JSON.stringify(errorBody(err, request.requestId));
  }
  // A 5xx is transient (e.g. runs can't start yet): don't pin it; a repeat runs the action again.
  if (status >= 500) await releaseReceipt(env.DB, destination.id, dedupeKey);
  else await completeReceipt(env.DB, destination.id, dedupeKey, { status, body }, Date.now());
  return {
    status,
    body,
    replayed: false,
    execution: {
      orgId: destination.orgId,
      destinationId: destination.id,
      action: envelope.action,
      dedupeKey,
      status,
      errorCode,
    },
  };
}
