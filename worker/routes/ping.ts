/**
 * `GET /api/v1/ping`: the hello-world baseline. It touches nothing, so benchmarks compare every
 * other route with it in the same run.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../router";

const Pong = z.object({ pong: z.literal(true) }).openapi("Pong");

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["Operations"],
  summary: "Hello-world baseline that does no work",
  responses: { 200: { description: "Pong", content: { "application/json": { schema: Pong } } } },
});

export const ping = createRouter().openapi(route, (c) => c.json({ pong: true as const }, 200));
