/** How an MCP server's health reads on screen: the status badge, its latency, when it was last tested. */
import type { Tone } from "../../../ui/Badge";

/** The API's server status; "unknown" until the first test. */
export type McpStatus = "unknown" | "online" | "offline";

/** A status badge's tone and text. */
export interface StatusView {
  tone: Tone;
  text: string;
}

/**
 * The badge for a server's last test: "online · 42 ms", "offline", "unknown" (never tested).
 * @example statusView({ status: "online", latency_ms: 41.6 }) // { tone: "ok", text: "online · 42 ms" }
 */
export function statusView(server: { status: McpStatus; latency_ms: number | null }): StatusView {
  switch (server.status) {
    case "online":
      return {
        tone: "ok",
        text: server.latency_ms === null ? "online" : `online · ${formatLatency(server.latency_ms)}`,
      };
    case "offline":
      return { tone: "error", text: "offline" };
    case "unknown":
      return { tone: "neutral", text: "unknown" };
    default: {
      const _never: never = server.status;
      return _never;
    }
  }
}

/**
 * A latency for reading: whole milliseconds below a second, seconds with one decimal above.
 * @example formatLatency(1530) // "1.5 s"
 */
export function formatLatency(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

/**
 * When the server was last tested (ms since the epoch), as an ISO timestamp for `formatDateTime`, or null when
 * it never was.
 * @example lastTestedIso(0) // "1970-01-01T00:00:00.000Z"
 */
export function lastTestedIso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}
