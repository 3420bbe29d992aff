/** The events the page received live (seq, type, step, time): what the socket delivered, in order, for the curious. */
import type { RunEventV1 } from "../../../../worker/contracts/run-events";
import { formatDateTime } from "../../lib/format";

/** Newest last, like the log they come from; renders a hint when nothing arrived yet. */
export function RunEventsList({ events }: { events: readonly RunEventV1[] }) {
  if (events.length === 0) return <p className="muted small">No events received yet.</p>;
  return (
    <ol className="run-events" aria-label="Run events">
      {events.map((event) => (
        <li key={event.seq} data-seq={event.seq}>
          <span className="muted small">#{event.seq}</span> <code className="small">{event.event_type}</code>
          {typeof event.data.node_id === "string" && <span className="small"> · {event.data.node_id}</span>}
          <time className="muted small" dateTime={event.timestamp}>
            {" "}
            {formatDateTime(event.timestamp)}
          </time>
        </li>
      ))}
    </ol>
  );
}
