/**
 * The shell around `connectionStep`: a WebSocket authenticated by a short-lived ticket (fetched anew for every
 * attempt), reconnecting with backoff, kept alive with `{"type":"ping"}`, and treated as dropped when a ping goes
 * unanswered (a half-open connection never fires `close` by itself). Used by the run page and the dashboard feed.
 */
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../lib/api";
import {
  type ConnectionAction,
  type ConnectionEffect,
  type ConnectionState,
  connectionStep,
  INITIAL_CONNECTION,
  socketUrl,
} from "./socket-connection";

/** How often an open socket is pinged, and how long a ping may go unanswered. */
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;

/** What `useLiveSocket` connects to and whom it tells. */
export interface LiveSocketOptions {
  /** False: don't connect, and close an open socket. */
  enabled: boolean;
  /** The socket's API path, e.g. `/api/v1/runs/run_1/ws`; a new path reconnects. */
  path: string;
  /** A fresh ticket for the next attempt (`POST …/stream-ticket`, `POST /feed/ticket`). */
  ticket: () => Promise<string>;
  /** Called on every (re)open, before any message: subscribe here (`send({ after_seq })`). */
  onOpen?: (send: (message: unknown) => void) => void;
  /** Every text message as it arrived. */
  onMessage: (text: string) => void;
}

/** A ticket refused with a 4xx (the run is gone, the role can't read it) won't be granted by asking again. */
function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && ![408, 429].includes(error.status);
}

/**
 * Keeps a live socket open while `enabled`; returns where the connection stands (for the indicator and the safety
 * poll). Callbacks may change between renders without reconnecting.
 * @example const connection = useLiveSocket({ enabled, path: "/api/v1/feed/ws", ticket, onMessage });
 */
export function useLiveSocket(options: LiveSocketOptions): ConnectionState {
  const { enabled, path } = options;
  const [connection, setConnection] = useState<ConnectionState>(INITIAL_CONNECTION);
  const callbacks = useRef(options);
  callbacks.current = options;

  useEffect(() => {
    if (!enabled) return;
    let state = INITIAL_CONNECTION;
    let socket: WebSocket | null = null;
    let retryTimer: number | undefined;
    let pingTimer: number | undefined;
    let pongTimer: number | undefined;

    const dispatch = (action: ConnectionAction) => {
      const next = connectionStep(state, action);
      state = next.state;
      setConnection(state);
      for (const effect of next.effects) carryOut(effect);
    };

    const stopKeepAlive = () => {
      window.clearInterval(pingTimer);
      window.clearTimeout(pongTimer);
      pongTimer = undefined;
    };

    /** Forgets `ws` (its late events are ignored from now on) and closes it. */
    const release = (ws: WebSocket) => {
      if (socket === ws) socket = null;
      stopKeepAlive();
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(1000, "done");
      } catch {
        // already closed
      }
    };

    const drop = (ws: WebSocket) => {
      if (socket !== ws) return;
      release(ws);
      dispatch({ type: "dropped" });
    };

    const startKeepAlive = (ws: WebSocket) => {
      pingTimer = window.setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN) return;
        ws.send('{"type":"ping"}');
        // Any message proves the connection is alive; silence for too long means it is gone.
        pongTimer ??= window.setTimeout(() => drop(ws), PONG_WITHIN_MS);
      }, PING_EVERY_MS);
    };

    const connect = async () => {
      let ticket: string;
      try {
        ticket = await callbacks.current.ticket();
      } catch (error) {
        if (state.status === "connecting") dispatch(isRefusal(error) ? { type: "refused" } : { type: "dropped" });
        return;
      }
      // Stopped (or restarted) while the ticket was on its way.
      if (state.status !== "connecting" || socket !== null) return;
      const ws = new WebSocket(socketUrl(window.location, path, ticket));
      socket = ws;
      ws.onopen = () => {
        if (socket !== ws) return;
        dispatch({ type: "opened" });
        callbacks.current.onOpen?.((message) => ws.send(JSON.stringify(message)));
        startKeepAlive(ws);
      };
      ws.onmessage = (event: MessageEvent) => {
        if (socket !== ws) return;
        window.clearTimeout(pongTimer);
        pongTimer = undefined;
        if (typeof event.data === "string") callbacks.current.onMessage(event.data);
      };
      ws.onclose = () => drop(ws);
      ws.onerror = () => drop(ws);
    };

    function carryOut(effect: ConnectionEffect) {
      switch (effect.type) {
        case "connect":
          void connect();
          return;
        case "retry_in":
          window.clearTimeout(retryTimer);
          retryTimer = window.setTimeout(() => dispatch({ type: "retry_due" }), effect.delayMs);
          return;
        case "close":
          window.clearTimeout(retryTimer);
          if (socket) release(socket);
          return;
        default: {
          const _never: never = effect;
          throw new Error(`unknown connection effect ${JSON.stringify(_never)}`);
        }
      }
    }

    // Back online: don't sit out the rest of a long backoff.
    const onOnline = () => {
      if (state.status !== "backoff") return;
      window.clearTimeout(retryTimer);
      dispatch({ type: "retry_due" });
    };
    window.addEventListener("online", onOnline);
    dispatch({ type: "start" });
    return () => {
      window.removeEventListener("online", onOnline);
      dispatch({ type: "stop" });
    };
  }, [enabled, path]);

  return enabled ? connection : INITIAL_CONNECTION;
}
