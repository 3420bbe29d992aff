/** One structured JSON log line per request: method, path, status, duration and request id. */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { log } from "../lib/log";

export function requestLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = Date.now();
    await next();
    const status = c.res.status;
    log(status >= 500 ? "error" : "info", "request", {
      request_id: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status,
      duration_ms: Date.now() - started,
    });
  };
}
