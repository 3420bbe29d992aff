/**
 * Authentication of the runner protocol (`/api/v1/runner/*`): `Authorization: Bearer fxr_…`, never a
 * user's token or an API key. The runner's row (and so its org) is put on the context for the handlers.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { findRunnerByTokenPrefix, type RunnerRow } from "../db/repos/runners";
import { AppError, validationError } from "../errors";
import { runnerTokenMatches, runnerTokenPrefix } from "./token";

/** The Hono environment of the runner protocol: the app's, plus the authenticated runner. */
export type RunnerAppEnv = {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { runner?: RunnerRow };
};

/** Marks a route as needing a runner token (the OpenAPI security scheme `runnerToken`). */
export const runnerSecurity = [{ runnerToken: [] }];

/** A router for the runner protocol; validation failures become `validation_failed` like everywhere else. */
export function createRunnerRouter() {
  const router = new OpenAPIHono<RunnerAppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  router.openAPIRegistry.registerComponent("securitySchemes", "runnerToken", {
    type: "http",
    scheme: "bearer",
    description: "A self-hosted runner's token (fxr_…) from POST /api/v1/runners",
  });
  return router;
}

/** Resolves the runner from its token, or answers 401 (missing, malformed, unknown or revoked token). */
export function runnerAuth(): MiddlewareHandler<RunnerAppEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization");
    const token = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!token) throw new AppError("unauthorized", "Send the runner's token: `Authorization: Bearer fxr_…`");
    const prefix = runnerTokenPrefix(token);
    const invalid = new AppError("invalid_token", "The runner token is not valid");
    if (!prefix) throw invalid;
    const row = await findRunnerByTokenPrefix(c.env.DB, prefix);
    if (!row || !(await runnerTokenMatches(token, row.tokenHash))) throw invalid;
    if (row.revokedAt !== null) throw new AppError("invalid_token", "This runner has been revoked");
    c.set("runner", row);
    await next();
  };
}

/** The authenticated runner; throws 401 if `runnerAuth()` didn't run. */
export function runnerOf(c: Context<RunnerAppEnv>): RunnerRow {
  const runner = c.get("runner");
  if (!runner) throw new AppError("unauthorized", "Send the runner's token");
  return runner;
}
