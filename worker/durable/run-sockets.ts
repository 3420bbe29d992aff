/**
 * Live subscribers of a run object, on the WebSocket hibernation API: each socket's progress
 * (`sent_seq`, the last event it received) lives in its attachment, never in an in-memory list, so
 * the object can hibernate with sockets open. A subscriber sends `{ "after_seq": N }` and gets every
 * event after N from the log, then live ones: exactly once, in order, without gaps.
 */
import type { RunStore } from "./run-store";

export interface SocketAttachment {
  /** Null until the client subscribed (sent `after_seq`). */
  sent_seq: number | null;
}

/** Subscribed sockets read the log in pages of this size. */
const PAGE = 1_000;

export function attachmentOf(ws: WebSocket): SocketAttachment {
  const value = ws.deserializeAttachment() as SocketAttachment | null;
  return value ?? { sent_seq: null };
}

/** Sends `ws` every event after `afterSeq`, then marks it subscribed at the last one sent. */
export function subscribe(ws: WebSocket, store: RunStore, afterSeq: number): void {
  let seq = Math.max(0, afterSeq);
  for (;;) {
    const page = store.events(seq, PAGE);
    for (const event of page) ws.send(JSON.stringify(event.body));
    if (page.length > 0) seq = page[page.length - 1]?.seq ?? seq;
    if (page.length < PAGE) break;
  }
  ws.serializeAttachment({ sent_seq: seq } satisfies SocketAttachment);
}

/** Sends every subscribed socket the events it hasn't had yet (one log read for all). */
export function broadcast(sockets: WebSocket[], store: RunStore): void {
  const subscribed = sockets
    .map((ws) => ({ ws, seq: attachmentOf(ws).sent_seq }))
    .filter((s): s is { ws: WebSocket; seq: number } => s.seq !== null);
  if (subscribed.length === 0) return;
  const from = Math.min(...subscribed.map((s) => s.seq));
  const events = store.events(from, 10_000).map((e) => ({ seq: e.seq, text: JSON.stringify(e.body) }));
  if (events.length === 0) return;
  const last = events[events.length - 1]?.seq ?? from;
  for (const { ws, seq } of subscribed) {
    if (seq >= last) continue;
    try {
      for (const event of events) if (event.seq > seq) ws.send(event.text);
      ws.serializeAttachment({ sent_seq: last } satisfies SocketAttachment);
    } catch {
      // A socket that closed under us; the runtime cleans it up.
    }
  }
}
