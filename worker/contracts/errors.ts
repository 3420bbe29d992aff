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
} as const satisfies Record<ErrorCode, number>;

export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** Status for a code (exhaustive by construction of {@link ERROR_STATUS}). */
export function statusForCode(code: ErrorCode): ErrorStatus {
  return ERROR_STATUS[code];
}
