/**
 * `POST /hooks/:trigger_id`: the public endpoint of webhook triggers. Authenticates with the
 * trigger's secret or an HMAC signature, rate limits per trigger, starts the workflow with the body
 * as input, and answers 202 with the run id (or the run's result in sync mode).
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../audit/audit";
import { systemScope } from "../auth/principal";
import type { AppEnv } from "../context";
import { HookAccepted, HookHeaders, HookResult } from "../contracts/triggers";
import { touchWebhookTrigger } from "../db/repos/triggers";
import { AppError } from "../errors";
import { describeError, log } from "../lib/log";
import { limitBody } from "../middleware/body-limit";
import { createRouter } from "../router";
import { hitWindow } from "../triggers/rate-window";
import { authenticateHook, type HookAuthOutcome, startFromHook, waitForHookResult } from "../triggers/webhook";
import { describeWebhookAuthFailure, webhookCredentials } from "../triggers/webhook-auth";
import { errors, json } from "./openapi";

const MINUTE_MS = 60_000;
/** Failed authentications audited per trigger per minute; more are only counted (an attacker can't flood the trail). */
const AUDITED_FAILURES_PER_MINUTE = 10;
/** `last_used_at` is written at most this often per trigger. */
const TOUCH_INTERVAL_MS = 60_000;

const HookParam = z.object({
  trigger_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "trigger_id", in: "path" }, example: "trg_0123456789abcdefghjk" }),
});

const hook = createRoute({
  method: "post",
  path: "/{trigger_id}",
  tags: ["Triggers"],
  summary: "Call a webhook trigger: the JSON body becomes the run's input",
  description:
    "Authenticate with `X-Fluxo-Secret: <secret>`, or sign: `X-Fluxo-Timestamp: <unix s>` (within 300 s) and " +
    "`X-Fluxo-Signature: v1=<hex HMAC-SHA256(secret, timestamp + '.' + raw_body)>`. `Idempotency-Key` returns " +
    "the same run for 24 h. Unknown, disabled and wrongly authenticated triggers all answer the same 401.",
  middleware: [limitBody()],
  request: {
    params: HookParam,
    headers: HookHeaders,
    body: {
      required: false,
      content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("HookInput") } },
    },
  },
  responses: {
    200: json(HookResult, "Sync mode: the run finished within the timeout"),
    202: json(HookAccepted, "Accepted: the run was started (or an earlier one returned)"),
    ...errors(400, 401, 409, 413, 429),
  },
});

function unauthorized(message: string): AppError {
  return new AppError("unauthorized", message);
}

/** Audits a refused call to an existing trigger, at most 10 per trigger per minute. */
async function auditFailure(c: Context<AppEnv>, outcome: Extract<HookAuthOutcome, { ok: false }>, now: number) {
  const trigger = outcome.trigger;
  if (!trigger) return;
  try {
    const hit = await hitWindow(c.env.DB, `hookauth:${trigger.id}`, AUDITED_FAILURES_PER_MINUTE, MINUTE_MS, now);
    if (!hit.allowed) return;
    await recordAudit(
      c,
      trigger.orgId,
      { actorType: "webhook", actorId: trigger.id },
      {
        action: "webhook.auth_failed",
        targetType: "webhook_trigger",
        targetId: trigger.id,
        metadata: { reason: trigger.enabled ? outcome.reason : "disabled", workflow_id: trigger.workflowId },
      },
    );
  } catch (err) {
    // The refusal stands either way; a failed audit write must not turn a 401 into a 500.
    log("error", "hooks: auditing a failed authentication failed", {
      trigger_id: trigger.id,
      error: describeError(err),
    });
  }
}

function parseInput(raw: string): Record<string, unknown> {
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError("malformed_json", "The request body is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new AppError("validation_failed", "The webhook body must be a JSON object (it becomes the run's input)", {
      details: { issues: [{ path: "input", code: "invalid_type", message: "Expected a JSON object" }] },
    });
  }
  return parsed as Record<string, unknown>;
}

export const hooks = createRouter().openapi(hook, async (c) => {
  const now = Date.now();
  const { trigger_id: triggerId } = c.req.valid("param");
  const headers = c.req.valid("header");
  // The signature covers the bytes as sent, so read the raw text (the route's body schema is for the docs).
  const rawBody = await c.req.text();
  const credentials = webhookCredentials({
    secret: headers["x-fluxo-secret"],
    signature: headers["x-fluxo-signature"],
    timestamp: headers["x-fluxo-timestamp"],
  });
  // Saying which headers are missing depends on the request alone, so it reveals nothing.
  if (credentials.kind === "none") throw unauthorized(describeWebhookAuthFailure("missing"));

  const outcome = await authenticateHook(c.env, triggerId, credentials, rawBody, now);
  if (!outcome.ok) {
    await auditFailure(c, outcome, now);
    throw unauthorized(describeWebhookAuthFailure(outcome.reason));
  }
  const trigger = outcome.trigger;

  const hit = await hitWindow(c.env.DB, `hook:${trigger.id}`, trigger.rateLimitPerMinute, MINUTE_MS, now);
  if (!hit.allowed) {
    throw new AppError("rate_limited", `This trigger accepts ${trigger.rateLimitPerMinute} calls per minute`, {
      details: { retry_after_seconds: hit.retryAfterS },
      headers: { "Retry-After": String(hit.retryAfterS) },
    });
  }

  const started = await startFromHook(c.env, trigger, {
    input: parseInput(rawBody),
    idempotencyKey: headers["idempotency-key"],
    correlationId: headers["x-correlation-id"],
    via: outcome.via,
    nowMs: now,
  });
  if (started.created) {
    await recordAudit(
      c,
      trigger.orgId,
      { actorType: "webhook", actorId: trigger.id },
      {
        action: "run.started",
        targetType: "run",
        targetId: started.run_id,
        metadata: { workflow_id: trigger.workflowId, trigger_id: trigger.id, auth: outcome.via },
      },
    );
  }
  if (trigger.lastUsedAt === null || now - trigger.lastUsedAt > TOUCH_INTERVAL_MS) {
    const scope = systemScope(trigger.orgId, "stamp last_used_at of an authenticated webhook trigger");
    c.executionCtx.waitUntil(
      touchWebhookTrigger(c.env.DB, scope, trigger.id, now).catch((err: unknown) =>
        log("warn", "hooks: stamping last_used_at failed", { trigger_id: trigger.id, error: describeError(err) }),
      ),
    );
  }

  if (trigger.mode === "sync") {
    const result = await waitForHookResult(c.env, started.run_id, trigger.syncTimeoutMs);
    if (result) return c.json(result, 200);
  }
  return c.json({ run_id: started.run_id, status: started.status, created: started.created }, 202);
});
