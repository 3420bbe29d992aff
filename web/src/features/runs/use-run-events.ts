/**
 * `useRunEvents(runId)`: a run page's live feed. Opens the run's WebSocket (ticket first), subscribes after the last
 * seq it has applied (so a reconnect replays exactly what was missed), lays each event's header over the cached run
 * at once, and refetches the steps, the run or the logs when events made them stale, coalesced.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import type { RunEventV1 } from "../../../../worker/contracts/run-events";
import type { RunDetail } from "../../../../worker/contracts/runs";
import { api, unwrap } from "../../lib/api";
import { coalesce } from "./coalesce";
import {
  applyRunMessage,
  INITIAL_LIVE_RUN,
  type LiveChanges,
  type LiveRunState,
  mergeChanges,
  NO_CHANGES,
  parseRunMessage,
  type RunHeader,
  withLiveHeader,
} from "./live-run";
import { runDetailQuery, runKeys } from "./run-queries";
import { isLiveRun } from "./run-status";
import type { ConnectionState } from "./socket-connection";
import { useLiveSocket } from "./use-live-socket";

/** What the run page shows from the live feed. */
export interface RunEvents {
  connection: ConnectionState;
  /** The newest header an event carried (null before the first event). */
  header: RunHeader | null;
  /** Events applied so far, oldest first (the newest 500). */
  events: readonly RunEventV1[];
  /** A terminal event arrived: the socket is closed and stays closed. */
  finished: boolean;
}

/** How long messages are gathered before the page updates: a frame, imperceptible, yet enough for a burst. */
const FLUSH_AFTER_MS = 16;

const report = (error: unknown) => console.warn("[fluxo] refreshing the run after an event failed", error);

/**
 * Follows run `runId` live while the run is live (by the cached `GET /runs/:id`; a run already finished when the
 * page opened opens no socket) and until its terminal event arrived. Mount it once per run page, and remount for
 * another run (it remembers the last seq of this one).
 * @example const live = useRunEvents(id); // live.connection, live.header, live.events
 */
export function useRunEvents(runId: string): RunEvents {
  const queryClient = useQueryClient();
  const status = useQuery({ ...runDetailQuery(runId), select: (run) => run.status }).data;
  const liveByApi = status !== undefined && isLiveRun(status);
  // Once followed, a run is followed until its terminal event arrives, even if the API (refetched after the
  // browser came back online) says it finished first: the reconnect replays the events missed meanwhile.
  const [followed, setFollowed] = useState(false);
  useEffect(() => {
    if (liveByApi) setFollowed(true);
  }, [liveByApi]);
  const live = useRef<LiveRunState>(INITIAL_LIVE_RUN);
  const pending = useRef<LiveChanges>(NO_CHANGES);
  const flushTimer = useRef<number | undefined>(undefined);
  const [shown, setShown] = useState<LiveRunState>(INITIAL_LIVE_RUN);

  const refresh = useMemo(
    () => ({
      steps: coalesce(() => queryClient.invalidateQueries({ queryKey: runKeys.steps(runId) }), report),
      run: coalesce(() => queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) }), report),
      logs: coalesce(() => queryClient.invalidateQueries({ queryKey: runKeys.logs(runId) }), report),
    }),
    [queryClient, runId],
  );

  // Messages of one burst (a replay after a reconnect) are flushed to the page together, a frame later, so the
  // header doesn't flicker through old states and the steps are fetched once.
  const flush = () => {
    flushTimer.current = undefined;
    const changes = pending.current;
    pending.current = NO_CHANGES;
    const state = live.current;
    const header = state.header;
    if (changes.header && header) {
      queryClient.setQueryData<RunDetail>(runKeys.detail(runId), (run) => run && withLiveHeader(run, header));
    }
    if (changes.steps) refresh.steps();
    if (changes.run) refresh.run();
    if (changes.logs) refresh.logs();
    setShown(state);
  };
  useEffect(() => () => window.clearTimeout(flushTimer.current), []);

  const connection = useLiveSocket({
    enabled: (liveByApi || followed) && !shown.finished,
    path: `/api/v1/runs/${encodeURIComponent(runId)}/ws`,
    ticket: async () => {
      const granted = await unwrap(api.api.v1.runs[":id"]["stream-ticket"].$post({ param: { id: runId } }));
      return granted.ticket;
    },
    onOpen: (send) => send({ after_seq: live.current.lastSeq }),
    onMessage: (text) => {
      const { state, changes } = applyRunMessage(live.current, parseRunMessage(text));
      if (state === live.current) return;
      live.current = state;
      pending.current = mergeChanges(pending.current, changes);
      flushTimer.current ??= window.setTimeout(flush, FLUSH_AFTER_MS);
    },
  });

  return { connection, header: shown.header, events: shown.events, finished: shown.finished };
}
