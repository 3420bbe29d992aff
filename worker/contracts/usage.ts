/** Contracts of the usage API (`GET /api/v1/usage`): runs, LLM tokens and cost, tool calls per org. */
import { z } from "@hono/zod-openapi";

export const UsageQuery = z.object({
  from: z.coerce.number().int().min(0).optional().openapi({ description: "ms since the epoch; default 30 days ago" }),
  to: z.coerce.number().int().min(0).optional().openapi({ description: "ms since the epoch; default now" }),
});

export const UsageReport = z
  .object({
    from: z.number(),
    to: z.number(),
    totals: z.object({
      runs: z.number(),
      llm_calls: z.number(),
      tokens_in: z.number(),
      tokens_out: z.number(),
      cost_usd: z.number(),
      tool_calls: z.number(),
    }),
    by_model: z.array(
      z.object({
        model: z.string(),
        calls: z.number(),
        tokens_in: z.number(),
        tokens_out: z.number(),
        cost_usd: z.number(),
      }),
    ),
    by_tool: z.array(z.object({ tool_key: z.string(), calls: z.number() })),
    by_day: z.array(z.object({ day: z.string(), runs: z.number(), cost_usd: z.number(), tool_calls: z.number() })),
  })
  .openapi("UsageReport");
export type UsageReport = z.infer<typeof UsageReport>;
