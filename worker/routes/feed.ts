/**
 * The org-wide live feed for the dashboard: run status changes over a WebSocket (served by the
 * org's `FeedObject`), plus counts of runs by status to start from.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { and, count, eq, gte } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { scopeOf } from "../auth/principal";
import { issueStreamTicket, verifyStreamTicket } from "../auth/stream-tickets";
import type { AppEnv } from "../context";
import { can } from "../contracts/roles";
import { createDb } from "../db/client";
import { runs } from "../db/schema";
import { AppError } from "../errors";
import { guard, principalOf, requireAuth } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json } from "./openapi";

const TAG = ["Runs"];
/** Feed tickets are stream tickets for this pseudo run id. */
const FEED_TICKET_SCOPE = "feed";

function feedAuth(): MiddlewareHandler<AppEnv> {
  const bearerAuth = requireAuth();
  return async (c, next) => {
    const ticket = c.req.query("ticket");
    if (!ticket) return bearerAuth(c, next);
    const principal = await verifyStreamTicket(c.env, ticket, FEED_TICKET_SCOPE);
    if (!can(principal.role, "runs:read")) throw new AppError("forbidden", "Your role can't read runs");
    c.set("principal", principal);
    await next();
  };
}

const Stats = z
  .object({ counts: z.record(z.string(), z.number().int()), total: z.number().int(), since: z.string().nullable() })
  .openapi("RunStats");

const ticket = createRoute({
  method: "post",
  path: "/ticket",
  tags: TAG,
  summary: "A 60-second ticket to open the org feed from a browser",
  security: bearer,
  middleware: guard("runs:read"),
  responses: { 200: json(z.object({ ticket: z.string(), expires_in: z.number().int() }), "Ticket"), ...errors(401) },
});

const ws = createRoute({
  method: "get",
  path: "/ws",
  tags: TAG,
  summary: "WebSocket of the org's run status changes ({type: run.status_changed, run_id, status, …})",
  security: bearer,
  middleware: [feedAuth()],
  request: { query: z.object({ ticket: z.string().max(2_000).optional() }) },
  responses: { 101: { description: "Switching protocols" }, ...errors(400, 401) },
});

const stats = createRoute({
  method: "get",
  path: "/stats",
  tags: TAG,
  summary: "Runs by status (all time, or since a time)",
  security: bearer,
  middleware: guard("runs:read"),
  request: { query: z.object({ since: z.string().datetime().optional() }) },
  responses: { 200: json(Stats, "Counts"), ...errors(400, 401) },
});

export const feedRoutes = createRouter()
  .openapi(ticket, async (c) =>
    c.json({ ticket: await issueStreamTicket(c.env, principalOf(c), FEED_TICKET_SCOPE), expires_in: 60 }, 200),
  )
  .openapi(ws, async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
      throw new AppError("bad_request", "Open this URL as a WebSocket (Upgrade: websocket)");
    const { orgId } = scopeOf(principalOf(c));
    const stub = c.env.FEED.get(c.env.FEED.idFromName(orgId));
    return stub.fetch("https://feed.internal/ws", { headers: { Upgrade: "websocket" } }) as unknown as ReturnType<
      typeof c.body
    >;
  })
  .openapi(stats, async (c) => {
    const { orgId } = scopeOf(principalOf(c));
    const { since } = c.req.valid("query");
    const where = since ? and(eq(runs.orgId, orgId), gte(runs.createdAt, Date.parse(since))) : eq(runs.orgId, orgId);
    const rows = await createDb(c.env.DB)
      .select({ status: runs.status, n: count() })
      .from(runs)
      .where(where)
      .groupBy(runs.status);
    const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    return c.json({ counts, total: rows.reduce((sum, r) => sum + r.n, 0), since: since ?? null }, 200);
  });
