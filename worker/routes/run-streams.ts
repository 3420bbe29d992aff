/**
 * Live run events: a WebSocket (`/runs/:id/ws`, hibernatable, served by the run object) and SSE
 * (`/runs/:id/stream`, served here so the run object can still hibernate: the Worker holds the
 * client's stream and a WebSocket to the object, and re-emits). Both replay from the event log:
 * WebSocket clients send `{"after_seq": N}`, SSE clients send `Last-Event-ID`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { streamSSE } from "hono/streaming";
import { scopeOf } from "../auth/principal";
import { issueStreamTicket, verifyStreamTicket } from "../auth/stream-tickets";
import type { AppEnv } from "../context";
import { IdParam } from "../contracts/common";
import { can } from "../contracts/roles";
import { AppError } from "../errors";
import { guard, principalOf, requireAuth } from "../middleware/auth";
import { createRouter } from "../router";
import { runObjectFor } from "../runs/access";
import { bearer, errors, json } from "./openapi";

const TAG = ["Runs"];
const HEARTBEAT_MS = 15_000;
const TERMINAL_EVENTS = new Set(["execution.completed", "execution.failed", "execution.canceled"]);

/** A ticket (`?ticket=`, for this run id) or a bearer token authenticates the stream routes (jobs too). */
export function streamAuth(): MiddlewareHandler<AppEnv> {
  const bearerAuth = requireAuth();
  return async (c, next) => {
    const ticket = c.req.query("ticket");
    if (!ticket) return bearerAuth(c, next);
    c.set("principal", await verifyStreamTicket(c.env, ticket, c.req.param("id") ?? ""));
    await next();
  };
}

function readable(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!can(principalOf(c).role, "runs:read")) throw new AppError("forbidden", "Your role can't read runs");
    await next();
  };
}

const Ticket = z.object({ ticket: z.string(), expires_in: z.number().int() }).openapi("StreamTicket");
const StreamQuery = z.object({
  ticket: z.string().max(2_000).optional().openapi({ description: "From POST /runs/{id}/stream-ticket (browsers)" }),
  after_seq: z.coerce.number().int().min(0).optional(),
  last_event_id: z.coerce.number().int().min(0).optional().openapi({ description: "Or the Last-Event-ID header" }),
});

const ticketRoute = createRoute({
  method: "post",
  path: "/{id}/stream-ticket",
  tags: TAG,
  summary: "A 60-second ticket to open this run's WebSocket or SSE stream from a browser",
  security: bearer,
  middleware: guard("runs:read"),
  request: { params: IdParam },
  responses: { 200: json(Ticket, "Ticket"), ...errors(401, 404) },
});

const wsRoute = createRoute({
  method: "get",
  path: "/{id}/ws",
  tags: TAG,
  summary: 'WebSocket of the run\'s events: send {"after_seq": N} to get missed events, then live ones',
  security: bearer,
  middleware: [streamAuth(), readable()],
  request: { params: IdParam, query: StreamQuery },
  responses: { 101: { description: "Switching protocols" }, ...errors(400, 401, 404) },
});

const sseRoute = createRoute({
  method: "get",
  path: "/{id}/stream",
  tags: TAG,
  summary: "Server-sent events of the run (id: = seq; replay after Last-Event-ID); ends when the run ends",
  security: bearer,
  middleware: [streamAuth(), readable()],
  request: { params: IdParam, query: StreamQuery },
  responses: { 200: { description: "text/event-stream" }, ...errors(401, 404) },
});

/** Opens a WebSocket from this Worker to the run object, subscribed after `afterSeq`. */
async function connectToRun(c: Context<AppEnv>, runId: string, afterSeq: number): Promise<WebSocket> {
  const { stub } = await runObjectFor(c.env, scopeOf(principalOf(c)), runId);
  const res = await stub.fetch(`https://run.internal/ws?after_seq=${afterSeq}`, { headers: { Upgrade: "websocket" } });
  const socket = res.webSocket;
  if (!socket) throw new AppError("service_unavailable", "The run's event stream is not available right now");
  socket.accept();
  return socket;
}

export const runStreamsRoutes = createRouter()
  .openapi(ticketRoute, async (c) => {
    const principal = principalOf(c);
    const { row } = await runObjectFor(c.env, scopeOf(principal), c.req.valid("param").id);
    return c.json({ ticket: await issueStreamTicket(c.env, principal, row.id), expires_in: 60 }, 200);
  })
  .openapi(wsRoute, async (c) => {
    // The access check comes first: another org's run is a 404 whatever the request looks like.
    const { stub } = await runObjectFor(c.env, scopeOf(principalOf(c)), c.req.valid("param").id);
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError("bad_request", "Open this URL as a WebSocket (Upgrade: websocket)");
    }
    const { after_seq } = c.req.valid("query");
    const target =
      after_seq === undefined ? "https://run.internal/ws" : `https://run.internal/ws?after_seq=${after_seq}`;
    return stub.fetch(target, { headers: { Upgrade: "websocket" } }) as unknown as ReturnType<typeof c.body>;
  })
  .openapi(sseRoute, async (c) => {
    const query = c.req.valid("query");
    return runEventStream(c, c.req.valid("param").id, query.last_event_id ?? query.after_seq);
  });

/**
 * Server-sent events of a run's events (`id:` = seq), replayed after `Last-Event-ID` (or `fallbackAfter`),
 * then live, ending after the terminal event. Shared by `/runs/:id/stream` and `/jobs/:id/logs/stream`; the
 * caller checked the permission, and the org is checked here before the run object is reached.
 */
export async function runEventStream(c: Context<AppEnv>, runId: string, fallbackAfter?: number): Promise<Response> {
  const header = c.req.header("Last-Event-ID");
  const lastId = header && /^\d+$/.test(header) ? Number(header) : (fallbackAfter ?? 0);
  const socket = await connectToRun(c, runId, lastId);
  return streamSSE(c, async (stream) => {
    let done = false;
    const finished = new Promise<void>((resolve) => {
      const finish = () => {
        done = true;
        resolve();
      };
      socket.addEventListener("message", (event) => {
        const text = typeof event.data === "string" ? event.data : "";
        let parsed: { seq?: number; event_type?: string } = {};
        try {
          parsed = JSON.parse(text);
        } catch {
          return;
        }
        if (typeof parsed.seq !== "number") return;
        void stream.writeSSE({ id: String(parsed.seq), event: parsed.event_type ?? "message", data: text }).then(() => {
          if (parsed.event_type && TERMINAL_EVENTS.has(parsed.event_type)) finish();
        });
      });
      socket.addEventListener("close", finish);
      socket.addEventListener("error", finish);
      stream.onAbort(finish);
    });
    // Heartbeats keep proxies from closing an idle stream.
    while (!done) {
      await Promise.race([finished, stream.sleep(HEARTBEAT_MS)]);
      if (!done) await stream.write(": heartbeat\n\n");
    }
    try {
      socket.close(1000, "stream ended");
    } catch {
      // already closed
    }
  });
}
