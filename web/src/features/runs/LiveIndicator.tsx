/** The small "Live" / "Reconnecting…" badge beside a live view (the run page, the dashboard feed). */
import { type ConnectionState, connectionLabel } from "./socket-connection";
import "./live-indicator.css";

/** Renders nothing when there is nothing to say (the run has finished, the page stopped listening). */
export function LiveIndicator({ connection, name = "Live updates" }: { connection: ConnectionState; name?: string }) {
  const label = connectionLabel(connection);
  if (label === null) return null;
  return (
    // A polite live region: people using a screen reader hear the connection drop and come back.
    <span role="status" aria-label={name} className={`live-indicator live-${connection.status}`}>
      <span className="live-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
