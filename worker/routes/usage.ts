/** Usage of the org: runs, LLM tokens and cost, tool calls, over a window (default the last 30 days). */
import { createRoute } from "@hono/zod-openapi";
import { scopeOf } from "../auth/principal";
import { UsageQuery, UsageReport } from "../contracts/usage";
import { usageSums } from "../db/repos/usage";
import { AppError } from "../errors";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { buildUsageReport } from "../usage/report";
import { bearer, errors, json } from "./openapi";

const DEFAULT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/** The longest window one request may sum (keeps the grouped queries bounded). */
const MAX_WINDOW_MS = 400 * 24 * 60 * 60 * 1000;

const report = createRoute({
  method: "get",
  path: "/",
  tags: ["Usage"],
  summary: "Runs, LLM calls, tokens and cost, and tool calls in a window (ms epoch, default the last 30 days)",
  security: bearer,
  middleware: guard("usage:read"),
  request: { query: UsageQuery },
  responses: { 200: json(UsageReport, "The usage report"), ...errors(400, 401, 403) },
});

export const usageRoutes = createRouter().openapi(report, async (c) => {
  const query = c.req.valid("query");
  const to = query.to ?? Date.now();
  const from = query.from ?? to - DEFAULT_WINDOW_MS;
  if (from > to) throw new AppError("bad_request", "`from` must not be after `to`");
  if (to - from > MAX_WINDOW_MS) throw new AppError("bad_request", "The window can be at most 400 days");
  const sums = await usageSums(c.env.DB, scopeOf(principalOf(c)), { from, to });
  return c.json(buildUsageReport({ from, to }, sums), 200);
});
