/** Helpers for the trigger tests: webhook triggers, calling hooks (secret or signed), runs of a workflow. */
import { signWebhook } from "../triggers/webhook-auth";
import { call, jsonOf, type Session } from "./helpers";

export interface CreatedTrigger {
  id: string;
  url: string;
  secret: string;
  [key: string]: unknown;
}

export async function createTrigger(
  owner: Session,
  workflowId: string,
  body: Record<string, unknown> = {},
): Promise<CreatedTrigger> {
  const res = await call(`/api/v1/workflows/${workflowId}/triggers`, { token: owner.token, body });
  if (res.status !== 201) throw new Error(`create trigger: ${res.status} ${await res.text()}`);
  return jsonOf(res);
}

/** Calls `POST /hooks/:id` with the secret header (or none, or extra headers). */
export function hook(
  triggerId: string,
  body: unknown,
  options: { secret?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.secret !== undefined) headers["x-fluxo-secret"] = options.secret;
  return call(`/hooks/${triggerId}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers,
  });
}

/** Calls `POST /hooks/:id` signed with HMAC-SHA256 over `timestamp.raw_body`. */
export async function signedHook(
  triggerId: string,
  rawBody: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Promise<Response> {
  return hook(triggerId, rawBody, {
    headers: {
      "x-fluxo-timestamp": String(timestamp),
      "x-fluxo-signature": await signWebhook(secret, timestamp, rawBody),
    },
  });
}

/** Every run of a workflow (newest first). */
export async function runsOf(owner: Session, workflowId: string): Promise<any[]> {
  const res = await call(`/api/v1/runs?workflow_id=${workflowId}&limit=100`, { token: owner.token });
  return (await jsonOf(res)).items;
}

/** Audit events of the caller's org with `action`. */
export async function auditOf(owner: Session, action: string): Promise<any[]> {
  const res = await call(`/api/v1/audit?action=${action}&limit=100`, { token: owner.token });
  return (await jsonOf(res)).items;
}
