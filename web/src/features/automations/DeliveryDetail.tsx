/** One delivery: its event, every attempt (answer, latency, error, when it retried), and redeliver. */
import { useCan } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { Badge, Button, Card, ErrorNotice, Notice, QueryState } from "../../ui";
import { STATUS_LABELS, statusTone, waitedText } from "./format";
import { useDelivery, useRedeliver } from "./queries";

export function DeliveryDetail({ id }: { id: string }) {
  const canManage = useCan("automations:manage");
  const delivery = useDelivery(id);
  const redeliver = useRedeliver(id);
  const d = delivery.data;
  return (
    <Card
      title="Delivery"
      actions={
        d &&
        canManage && (
          // A delivery waiting for its next retry may be sent now; one being sent may not.
          <Button
            onClick={() => redeliver.mutate()}
            disabled={redeliver.isPending || d.status === "pending" || d.status === "delivering"}
          >
            Redeliver
          </Button>
        )
      }
    >
      <QueryState query={delivery} errorTitle="Couldn't load the delivery" />
      {redeliver.error && <ErrorNotice error={redeliver.error} title="Couldn't redeliver" />}
      {redeliver.isSuccess && <Notice tone="ok">Queued again, with a fresh retry schedule.</Notice>}
      {d && (
        <>
          <p>
            <code>{d.event_type}</code> to <strong>{d.destination_name ?? d.destination_id}</strong>{" "}
            <Badge tone={statusTone(d.status)}>{STATUS_LABELS[d.status]}</Badge>
          </p>
          <p className="muted small">
            Delivery <code>{d.id}</code> · event <code>{d.event_id}</code>
            {d.last_error && <> · {d.last_error}</>}
          </p>
          <h3>Attempts</h3>
          {d.attempt_log.length === 0 ? (
            <p className="muted">No attempt yet.</p>
          ) : (
            <div className="table-wrap">
              <table aria-label="Attempts">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Started</th>
                    <th scope="col">Result</th>
                    <th scope="col">Latency</th>
                    <th scope="col">Error</th>
                    <th scope="col">Retried after</th>
                  </tr>
                </thead>
                <tbody>
                  {d.attempt_log.map((a) => (
                    <tr key={a.id}>
                      <td>
                        {a.attempt}
                        {a.round > 1 && <span className="muted small"> (redelivery {a.round - 1})</span>}
                      </td>
                      <td>{formatDateTime(a.started_at)}</td>
                      <td>
                        <Badge tone={a.outcome === "succeeded" ? "ok" : "error"}>
                          {a.status_code !== null ? `HTTP ${a.status_code}` : (a.error_code ?? "error")}
                        </Badge>
                      </td>
                      <td>{a.latency_ms} ms</td>
                      <td>
                        {a.error ?? "—"}
                        {a.response_snippet && (
                          <details>
                            <summary className="small">Response</summary>
                            <pre className="payload">{a.response_snippet}</pre>
                          </details>
                        )}
                      </td>
                      <td>{waitedText(a.started_at, a.next_retry_at) ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {d.event && (
            <>
              <h3>Event</h3>
              <p className="muted small">
                Occurred {formatDateTime(d.event.occurred_at)}
                {d.event.correlation_id && (
                  <>
                    {" "}
                    · correlation <code>{d.event.correlation_id}</code>
                  </>
                )}
              </p>
              <pre className="payload">{JSON.stringify(d.event.payload, null, 2)}</pre>
            </>
          )}
        </>
      )}
    </Card>
  );
}
