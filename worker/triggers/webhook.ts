/**
 * The webhook trigger's edges: secrets (generated, sealed with the trigger id as AAD), checking a
 * call against its trigger with the same work whether or not the trigger exists, starting the run,
 * and waiting for its result in sync mode.
 */
import { systemScope } from "../auth/principal";
import { keyring } from "../automations/destination-secrets";
import { RunDetail } from "../contracts/runs";
import { findWebhookTriggerForHook, type WebhookTriggerRow } from "../db/repos/triggers";
import { randomToken } from "../lib/encoding";
import { maskSecret, openSecret, type SecretKeyring, sealSecret } from "../lib/secret-box";
import { type StartedRun, startRun } from "../runs/start";
import { webhookIdempotencyKey } from "./keys";
import { waitForTerminal } from "./sync-wait";
import {
  verifyWebhookCredentials,
  type WebhookAuthFailure,
  type WebhookAuthResult,
  type WebhookCredentials,
} from "./webhook-auth";

/** A new webhook secret: `hooksec_` + 32 random bytes in base64url. */
export function generateWebhookSecret(): string {
  return `hooksec_${randomToken(32)}`;
}

/** The stored form of a trigger's secret: ciphertext bound to the trigger id, and a display mask. */
export async function sealWebhookSecret(env: { ENCRYPTION_KEY?: string }, triggerId: string, secret: string) {
  const ring = await keyring(env);
  return { secretCiphertext: await sealSecret(ring, secret, { aad: triggerId }), secretMask: maskSecret(secret) };
}

// A sealed decoy, opened for calls to a trigger that doesn't exist, so they cost what a real one does.
let decoy: { ring: SecretKeyring; sealed: Promise<string> } | undefined;
const DECOY_AAD = "webhook-decoy";

function decoySealed(ring: SecretKeyring): Promise<string> {
  if (decoy?.ring !== ring) decoy = { ring, sealed: sealSecret(ring, generateWebhookSecret(), { aad: DECOY_AAD }) };
  return decoy.sealed;
}

export type HookAuthOutcome =
  | { ok: true; trigger: WebhookTriggerRow; via: "secret" | "signature" }
  /** `trigger` is set when the id names a trigger (for the audit trail); the answer never depends on it. */
  | { ok: false; reason: WebhookAuthFailure; trigger: WebhookTriggerRow | null };

/**
 * Checks a call to `POST /hooks/:trigger_id`. Unknown, disabled and wrong-secret calls all end in
 * `mismatch`; `stale` depends on the timestamp header alone.
 */
export async function authenticateHook(
  env: { DB: D1Database; ENCRYPTION_KEY?: string },
  triggerId: string,
  credentials: WebhookCredentials,
  rawBody: string,
  nowMs: number,
): Promise<HookAuthOutcome> {
  const row = (await findWebhookTriggerForHook(env.DB, triggerId)) ?? null;
  const ring = await keyring(env);
  const secret = row
    ? await openSecret(ring, row.secretCiphertext, { aad: row.id })
    : await openSecret(ring, await decoySealed(ring), { aad: DECOY_AAD });
  const result: WebhookAuthResult = await verifyWebhookCredentials({ secret, credentials, rawBody, nowMs });
  if (!result.ok) return { ok: false, reason: result.reason, trigger: row };
  if (!row?.enabled) return { ok: false, reason: "mismatch", trigger: row };
  return { ok: true, trigger: row, via: result.via };
}

/** Starts the trigger's workflow with `input` (validated against its input schema by `startRun`). */
export async function startFromHook(
  env: Env,
  trigger: WebhookTriggerRow,
  request: {
    input: Record<string, unknown>;
    idempotencyKey?: string;
    correlationId?: string;
    via: "secret" | "signature";
    nowMs: number;
  },
): Promise<StartedRun> {
  return startRun(env, systemScope(trigger.orgId, "webhook trigger call authenticated by its secret"), {
    workflowId: trigger.workflowId,
    input: request.input,
    trigger: { type: "webhook", data: { trigger_id: trigger.id, auth: request.via } },
    createdBy: trigger.id,
    userId: null,
    idempotencyKey: webhookIdempotencyKey({
      triggerId: trigger.id,
      idempotencyKey: request.idempotencyKey,
      debounceMs: trigger.debounceMs,
      nowMs: request.nowMs,
    }),
    correlationId: request.correlationId,
  });
}

/** A finished run's answer to a sync-mode call. */
export interface HookRunResult {
  run_id: string;
  status: string;
  output: unknown;
  error: string | null;
}

/**
 * Waits up to `timeoutMs` for the run to finish and returns its output, or null if it is still going
 * (the caller then answers 202 with the run id).
 */
export async function waitForHookResult(env: Env, runId: string, timeoutMs: number): Promise<HookRunResult | null> {
  const stub = env.RUNS.get(env.RUNS.idFromName(runId));
  const status = await waitForTerminal(
    {
      status: async () => (await stub.status()).status,
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    timeoutMs,
  );
  if (status === null) return null;
  const detail = RunDetail.parse(JSON.parse(await stub.detail()));
  return { run_id: runId, status: detail.status, output: detail.output ?? null, error: detail.last_error_human };
}
