/**
 * `useOrgFeed()`: the dashboard's live view of the org's runs. Counts by status from `GET /feed/stats`, then the org
 * feed's WebSocket (ticket from `POST /feed/ticket`, reconnecting with backoff) moves them and lists each change.
 * After every change, and after every reconnect, the stats are fetched again (coalesced), so the counts converge on
 * the server's even for runs the feed met for the first time or changes missed while disconnected.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { api, unwrap } from "../../lib/api";
import { coalesce } from "../runs/coalesce";
import type { ConnectionState } from "../runs/socket-connection";
import { useLiveSocket } from "../runs/use-live-socket";
import { applyFeedMessage, type FeedState, INITIAL_FEED, parseFeedMessage, withStats } from "./feed";

const STATS_KEY = ["dashboard", "feed-stats"] as const;

/** What the dashboard shows from the feed. */
export interface OrgFeed {
  connection: ConnectionState;
  feed: FeedState;
  /** The stats request failed (the counts may be missing or old). */
  statsError: unknown;
}

/** Mount once on the dashboard. */
export function useOrgFeed(): OrgFeed {
  const queryClient = useQueryClient();
  const stats = useQuery({ queryKey: STATS_KEY, queryFn: () => unwrap(api.api.v1.feed.stats.$get({ query: {} })) });
  const [feed, setFeed] = useState<FeedState>(INITIAL_FEED);
  const refreshStats = useMemo(
    () =>
      coalesce(
        () => queryClient.invalidateQueries({ queryKey: STATS_KEY }),
        (error) => console.warn("[fluxo] refreshing the run counts failed", error),
      ),
    [queryClient],
  );

  useEffect(() => {
    if (stats.data) setFeed((current) => withStats(current, stats.data));
  }, [stats.data]);

  const connection = useLiveSocket({
    enabled: true,
    path: "/api/v1/feed/ws",
    ticket: async () => (await unwrap(api.api.v1.feed.ticket.$post())).ticket,
    // Changes may have been missed while the socket was down.
    onOpen: () => refreshStats(),
    onMessage: (text) => {
      const message = parseFeedMessage(text);
      if (!message) return;
      setFeed((current) => applyFeedMessage(current, message));
      refreshStats();
    },
  });

  return { connection, feed, statsError: stats.error };
}
