/**
 * `FeedObject`: one per organization, the live feed of run status changes for the dashboard. Run
 * objects publish to it; browsers subscribe over hibernatable WebSockets. Nothing is stored: the
 * dashboard loads counts from the API and then follows the feed.
 */
import { DurableObject } from "cloudflare:workers";

export class FeedObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Sends one status change to every subscriber. */
  async publish(eventJson: string): Promise<number> {
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) {
      try {
        ws.send(eventJson);
      } catch {
        // closed under us
      }
    }
    return sockets.length;
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
  }
}
