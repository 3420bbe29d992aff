/** Contract of `GET /api/v1/health`. */
import { z } from "@hono/zod-openapi";

export const HealthCheck = z.object({
  status: z.enum(["ok", "fail"]),
  latency_ms: z.number(),
});

export const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    time: z.string().datetime(),
    checks: z.object({ database: HealthCheck }),
  })
  .openapi("Health");
export type Health = z.infer<typeof Health>;
