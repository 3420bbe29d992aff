/** CORS for the configured UI origin only (`UI_ORIGIN`); same-origin requests need none. */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../context";

export function corsForUi(): MiddlewareHandler<AppEnv> {
  return (c, next) =>
    cors({
      origin: (origin) => (origin && origin === c.env.UI_ORIGIN ? origin : null),
      credentials: true,
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "If-Match", "X-Request-Id"],
      exposeHeaders: ["X-Request-Id", "ETag", "Retry-After"],
      maxAge: 600,
    })(c, next);
}
