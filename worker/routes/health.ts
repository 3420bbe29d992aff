/** `GET /api/v1/health`: liveness plus a trivial D1 query, so a broken database shows up here. */
import { createRoute } from "@hono/zod-openapi";
import { ErrorBody } from "../contracts/errors";
import { Health } from "../contracts/health";
import { AppError } from "../errors";
import { describeError, log } from "../lib/log";
import { createRouter } from "../router";
import { APP_VERSION } from "../version";

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["Operations"],
  summary: "Service health, including a database round trip",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: Health } } },
    503: { description: "The database did not answer", content: { "application/json": { schema: ErrorBody } } },
  },
});

export const health = createRouter().openapi(route, async (c) => {
  const started = Date.now();
  try {
    await c.env.DB.prepare("SELECT 1 AS ok").first();
  } catch (err) {
    log("error", "health: database check failed", { error: describeError(err) });
    throw new AppError("service_unavailable", "The database is not reachable", {
      details: { checks: { database: { status: "fail", latency_ms: Date.now() - started } } },
    });
  }
  return c.json(
    {
      status: "ok" as const,
      version: APP_VERSION,
      time: new Date().toISOString(),
      checks: { database: { status: "ok" as const, latency_ms: Date.now() - started } },
    },
    200,
  );
});
