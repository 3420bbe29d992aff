/** Shorthands for route declarations: JSON bodies and responses, and the error responses. */
import type { z } from "@hono/zod-openapi";
import { ErrorBody } from "../contracts/errors";

/** A required JSON request body (a body that isn't JSON is a 400, never skipped). */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { "application/json": { schema } } } as const;
}

/** A JSON response. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

const ERROR_DESCRIPTIONS = {
  400: "Invalid input (`validation_failed`, `malformed_json`, `bad_request`)",
  401: "Not signed in, or the token or key is invalid or expired",
  403: "Your role doesn't allow this",
  404: "Not found (or owned by another organization)",
  409: "Conflicts with the current state",
  413: "The body is too large",
  429: "Rate limited; see Retry-After",
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The error responses a route can give, in the one error model. */
export function errors<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, json(ErrorBody, ERROR_DESCRIPTIONS[s])])) as {
    [K in S]: ReturnType<typeof json<typeof ErrorBody>>;
  };
}

/** Marks a route as needing a bearer token (user access token or API key). */
export const bearer = [{ bearer: [] }];
