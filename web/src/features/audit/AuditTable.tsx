/** The audit events table: one row per event, metadata expandable as JSON. */
import { useQuery } from "@tanstack/react-query";
import type { AuditEvent } from "../../../../worker/contracts/audit";
import { api, unwrap } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { Badge } from "../../ui";

export function AuditTable({ events }: { events: readonly AuditEvent[] }) {
  // Names for user ids, so "usr_…" reads as a person (members are readable by every role).
  const members = useQuery({ queryKey: ["members"], queryFn: () => unwrap(api.api.v1.members.$get()) });
  const nameOf = new Map(members.data?.items.map((m) => [m.user_id, m.name || m.email]) ?? []);

  return (
    <div className="table-wrap">
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Request id</th>
            <th scope="col">IP</th>
            <th scope="col">Metadata</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>
                <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time>
              </td>
              <td>
                <Badge>{event.actor_type}</Badge>{" "}
                {event.actor_id && (event.actor_type === "user" ? nameOf.get(event.actor_id) : null)}
                {event.actor_id && (
                  <div>
                    <code className="small">{event.actor_id}</code>
                  </div>
                )}
              </td>
              <td>
                <code>{event.action}</code>
              </td>
              <td>
                {event.target_type ? (
                  <>
                    <span>{event.target_type}</span>
                    {event.target_id && (
                      <div>
                        <code className="small">{event.target_id}</code>
                      </div>
                    )}
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td>{event.request_id ? <code className="small">{event.request_id}</code> : "—"}</td>
              <td>{event.ip ?? "—"}</td>
              <td>
                {Object.keys(event.metadata).length > 0 ? (
                  <details>
                    <summary>Show</summary>
                    <pre className="json">{JSON.stringify(event.metadata, null, 2)}</pre>
                  </details>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
