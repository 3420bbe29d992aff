/**
 * The life of a live connection (a run's event socket, the org feed) as a pure state machine: connect, go live,
 * drop, wait with backoff (1 s, 2 s, 5 s, 10 s, then every 15 s), try again with a fresh ticket, give up only when
 * the server refuses for good. The hook `useLiveSocket` carries out its effects with real sockets and timers.
 */

/** Where the connection stands. */
export type ConnectionStatus =
  /** Not started (or not wanted: the run has finished). */
  | "idle"
  /** A ticket is being fetched or the socket is opening. */
  | "connecting"
  /** Open: events arrive as they happen. */
  | "live"
  /** Dropped; the next attempt is scheduled. */
  | "backoff"
  /** The server said no for good (the run is gone, the role can't read it): only the safety poll is left. */
  | "unavailable"
  /** Stopped by the page (it unmounted, or the run has finished). */
  | "stopped";

/** The machine's state: where it stands and how many attempts failed in a row. */
export interface ConnectionState {
  status: ConnectionStatus;
  /** Attempts that failed since the connection was last live; picks the next delay. */
  failures: number;
  /** True once the connection dropped or an attempt failed: the indicator then says "Reconnecting…". */
  interrupted: boolean;
}

/** What happened: the page's wishes and the socket's events. */
export type ConnectionAction =
  /** The page wants the connection (first time, or again after a stop). */
  | { type: "start" }
  /** The scheduled retry is due (or the browser came back online). */
  | { type: "retry_due" }
  | { type: "opened" }
  /** The socket closed or errored, or the ticket couldn't be fetched (a network error, a 5xx). */
  | { type: "dropped" }
  /** The ticket was refused with a 4xx that asking again won't fix. */
  | { type: "refused" }
  | { type: "stop" };

/** What the shell must do next. */
export type ConnectionEffect =
  /** Fetch a new ticket and open a new socket (tickets last 60 s, so never reuse one). */
  | { type: "connect" }
  | { type: "retry_in"; delayMs: number }
  /** Close the socket if one is open, and cancel a scheduled retry. */
  | { type: "close" };

/** The waits before successive reconnect attempts; the last one repeats. */
export const RECONNECT_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 15_000];

/**
 * The wait before the next attempt after `failures` failed ones (0 → 1 s, 1 → 2 s, 2 → 5 s, …, capped at 15 s).
 * @example reconnectDelayMs(2) // 5000
 */
export function reconnectDelayMs(failures: number): number {
  const index = Math.min(Math.max(0, failures), RECONNECT_DELAYS_MS.length - 1);
  return RECONNECT_DELAYS_MS[index] ?? 15_000;
}

/** Nothing started yet. */
export const INITIAL_CONNECTION: ConnectionState = { status: "idle", failures: 0, interrupted: false };

type Step = { state: ConnectionState; effects: ConnectionEffect[] };

const same = (state: ConnectionState): Step => ({ state, effects: [] });

/**
 * One transition. Actions that don't apply in the current status (a second "dropped" from the same socket's error
 * and close events, an "opened" after a stop) change nothing, so the shell may report every socket event as is.
 * @example connectionStep(INITIAL_CONNECTION, { type: "start" }) // { state: { status: "connecting", … }, effects: [{ type: "connect" }] }
 */
export function connectionStep(state: ConnectionState, action: ConnectionAction): Step {
  switch (action.type) {
    case "start":
      if (state.status === "idle" || state.status === "stopped" || state.status === "unavailable") {
        return { state: { status: "connecting", failures: 0, interrupted: false }, effects: [{ type: "connect" }] };
      }
      return same(state);
    case "retry_due":
      if (state.status !== "backoff") return same(state);
      return { state: { ...state, status: "connecting" }, effects: [{ type: "connect" }] };
    case "opened":
      if (state.status !== "connecting") return same(state);
      return { state: { status: "live", failures: 0, interrupted: state.interrupted }, effects: [] };
    case "dropped": {
      if (state.status !== "connecting" && state.status !== "live") return same(state);
      const delayMs = reconnectDelayMs(state.failures);
      return {
        state: { status: "backoff", failures: state.failures + 1, interrupted: true },
        effects: [{ type: "retry_in", delayMs }],
      };
    }
    case "refused":
      if (state.status !== "connecting" && state.status !== "live") return same(state);
      return { state: { ...state, status: "unavailable" }, effects: [{ type: "close" }] };
    case "stop":
      if (state.status === "idle" || state.status === "stopped") return same(state);
      return { state: { ...state, status: "stopped" }, effects: [{ type: "close" }] };
    default: {
      const _never: never = action;
      throw new Error(`unknown connection action ${JSON.stringify(_never)}`);
    }
  }
}

/** True while events may be missed (not live and still wanted): the page keeps its slow safety poll on. */
export function needsSafetyPoll(state: ConnectionState): boolean {
  return state.status === "connecting" || state.status === "backoff" || state.status === "unavailable";
}

/**
 * What the small indicator beside a live view says; null when there is nothing to say (idle, stopped).
 * @example connectionLabel({ status: "backoff", failures: 1, interrupted: true }) // "Reconnecting…"
 */
export function connectionLabel(state: ConnectionState): string | null {
  switch (state.status) {
    case "live":
      return "Live";
    case "connecting":
      return state.interrupted ? "Reconnecting…" : "Connecting…";
    case "backoff":
      return "Reconnecting…";
    case "unavailable":
      return "Live updates unavailable";
    case "idle":
    case "stopped":
      return null;
    default: {
      const _never: never = state.status;
      throw new Error(`unknown connection status ${String(_never)}`);
    }
  }
}

/**
 * The WebSocket URL of an API path on this page's origin, with the ticket (browsers can't send headers on a socket).
 * @example socketUrl({ protocol: "https:", host: "fluxo.dev" }, "/api/v1/feed/ws", "t1") // "wss://fluxo.dev/api/v1/feed/ws?ticket=t1"
 */
export function socketUrl(location: { protocol: string; host: string }, path: string, ticket: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}?ticket=${encodeURIComponent(ticket)}`;
}
