/**
 * `AppError` is the only error a handler throws on purpose; `renderError` turns any thrown value
 * into the API's error body. Unexpected exceptions become `internal` without a stack in the body.
 */
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { type ErrorBody, type ErrorCode, type ErrorStatus, statusForCode } from "./contracts/errors";

export interface AppErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** Extra response headers, e.g. `Retry-After` for `rate_limited`. */
  headers?: Record<string, string>;
}

/**
 * An error with a stable code, mapped to an HTTP status.
 * @example throw new AppError("not_found", "Workflow not found");
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = statusForCode(code);
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** The `validation_failed` error for a zod failure, with its issues as details. */
export function validationError(error: ZodError, where: string): AppError {
  return new AppError("validation_failed", `Invalid ${where}`, {
    details: {
      issues: error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        code: issue.code,
        message: issue.message,
      })),
    },
  });
}

/** Maps framework exceptions (Hono's `HTTPException`) onto our codes. */
function fromHttpException(err: HTTPException): AppError {
  switch (err.status) {
    case 400:
      // Hono's validator throws this for a body that isn't JSON.
      return /json/i.test(err.message)
        ? new AppError("malformed_json", "The request body is not valid JSON")
        : new AppError("bad_request", err.message || "Bad request");
    case 401:
      return new AppError("unauthorized", err.message || "Authentication required");
    case 403:
      return new AppError("forbidden", err.message || "Forbidden");
    case 404:
      return new AppError("not_found", err.message || "Not found");
    case 413:
      return new AppError("payload_too_large", "The request body is too large");
    case 415:
      return new AppError("unsupported_media_type", err.message || "Unsupported media type");
    default:
      return err.status >= 500
        ? new AppError("internal", "Internal error", { cause: err })
        : new AppError("bad_request", err.message || "Bad request");
  }
}

/**
 * Prefix of the error a run object throws when it holds no run. Errors cross Durable Object RPC as
 * plain `Error`s with their message, so the prefix is how the Worker recognises it (a 404, not a 500).
 */
export const RUN_NOT_FOUND = "run_not_found";

/** Normalises anything thrown into an `AppError`. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) return fromHttpException(err);
  if (err instanceof Error && err.message.startsWith(`${RUN_NOT_FOUND}: `)) {
    return new AppError("not_found", err.message.slice(RUN_NOT_FOUND.length + 2));
  }
  return new AppError("internal", "Internal error", { cause: err });
}

/** The JSON body for an error; never includes a stack or a cause. */
export function errorBody(err: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
      request_id: requestId,
    },
  };
}
