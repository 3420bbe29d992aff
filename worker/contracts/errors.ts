/**
 * The one error model of the API: a stable machine `code`, a human `message`, optional `details`
 * and the `request_id` of the failing request. Shared by the worker and the web app.
 */
import { z } from "@hono/zod-openapi";

/** Every error code the API can answer. Stable: clients may switch on them. */
export const ErrorCode = z.enum([
  "bad_request",
  "malformed_json",
  "validation_failed",
  "unauthorized",
  "invalid_credentials",
  "invalid_token",
  "token_expired",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "precondition_failed",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal",
  "service_unavailable",
  "tool_denied",
  "tool_not_allowed",
  "tool_not_found",
  "tool_rate_limited",
  "tool_failed",
  "approval_required",
  "mcp_server_not_found",
  "mcp_server_unreachable",
  "mcp_server_managed",
  "mcp_url_invalid",
  "policy_locked",
  "lease_lost",
  "runbook_not_found",
  "connection_not_found",
  "connection_missing",
  "connection_unscoped",
  "secret_required",
  "connection_scope",
  "ai_not_configured",
  "ai_upstream_failed",
  "ai_invalid_answer",
  "plan_not_proposed",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The body of every non-2xx API response. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.unknown().optional(),
      request_id: z.string(),
    }),
  })
  .openapi("Error");
export type ErrorBody = z.infer<typeof ErrorBody>;

/** HTTP status for each code. Exhaustive: adding a code without a status fails type-checking. */
export const ERROR_STATUS = {
  bad_request: 400,
  malformed_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  token_expired: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
  tool_denied: 403,
  tool_not_allowed: 403,
  tool_not_found: 404,
  tool_rate_limited: 429,
  tool_failed: 502,
  approval_required: 409,
  mcp_server_not_found: 404,
  mcp_server_unreachable: 502,
  mcp_server_managed: 409,
  mcp_url_invalid: 400,
  policy_locked: 409,
  lease_lost: 409,
  runbook_not_found: 404,
  connection_not_found: 400,
  connection_missing: 400,
  connection_unscoped: 400,
  secret_required: 400,
  connection_scope: 400,
  ai_not_configured: 409,
  ai_upstream_failed: 502,
  ai_invalid_answer: 502,
  plan_not_proposed: 409,
} as const satisfies Record<ErrorCode, number>;

export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** Status for a code (exhaustive by construction of {@link ERROR_STATUS}). */
export function statusForCode(code: ErrorCode): ErrorStatus {
  return ERROR_STATUS[code];
}
