/**
 * `createRouter()` builds a sub-app for one resource. Every router validates with zod through the
 * same hook, so a failing body, query, param or header is always a 400 `validation_failed`.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { validationError } from "./errors";

/** A typed OpenAPI router whose validation failures become `validation_failed` errors. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
}
