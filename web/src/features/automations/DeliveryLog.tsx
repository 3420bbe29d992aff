/** The delivery log: every delivery, newest first, filtered by status and destination, with per-attempt detail. */
import { useState } from "react";
import { useSearchParams } from "react-router";
import { DeliveryStatus } from "../../../../worker/contracts/automations";
import { formatDateTime } from "../../lib/format";
import { Badge, Button, Card, QueryState, SelectField } from "../../ui";
import { DeliveryDetail } from "./DeliveryDetail";
import { STATUS_LABELS, statusTone, untilText } from "./format";
import { type DeliveryFilters, useDeliveries, useDestinations } from "./queries";

function parseStatus(value: string): DeliveryFilters["status"] {
  const parsed = DeliveryStatus.safeParse(value);
  return parsed.success ? parsed.data : "";
}

export function DeliveryLog() {
  const [params, setParams] = useSearchParams();
  const filters: DeliveryFilters = {
    status: parseStatus(params.get("status") ?? ""),
    destinationId: params.get("destination") ?? "",
  };
  const [selected, setSelected] = useState<string | null>(null);
  const destinations = useDestinations();
  const deliveries = useDeliveries(filters);
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  const now = Date.now();

  function setFilter(name: "status" | "destination", value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setSelected(null);
  }

  return (
    <>
      <Card title="Delivery log">
        <div className="log-filters">
          <SelectField label="Status" value={filters.status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">Any status</option>
            {DeliveryStatus.options.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Destination"
            value={filters.destinationId}
            onChange={(e) => setFilter("destination", e.target.value)}
          >
            <option value="">Any destination</option>
            {destinations.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </SelectField>
          <Button onClick={() => void deliveries.refetch()} disabled={deliveries.isFetching}>
            Refresh
          </Button>
        </div>
        <QueryState query={deliveries} errorTitle="Couldn't load the delivery log" />
        {deliveries.data && items.length === 0 && <p className="muted">No deliveries match.</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table aria-label="Deliveries">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Event</th>
                  <th scope="col">Destination</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last answer</th>
                  <th scope="col">Next attempt</th>
                  <th scope="col">
                    <span className="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id} className={d.id === selected ? "selected" : undefined}>
                    <td>{formatDateTime(d.created_at)}</td>
                    <td>
                      <code>{d.event_type}</code>
                    </td>
                    <td>{d.destination_name ?? d.destination_id}</td>
                    <td>
                      <Badge tone={statusTone(d.status)}>{STATUS_LABELS[d.status]}</Badge>
                    </td>
                    <td>{d.attempts}</td>
                    <td>
                      {d.last_status_code !== null ? `HTTP ${d.last_status_code}` : d.last_error ? "error" : "—"}
                      {d.last_latency_ms !== null && <span className="muted small"> · {d.last_latency_ms} ms</span>}
                    </td>
                    <td>{untilText(d.next_attempt_at, now) ?? "—"}</td>
                    <td>
                      <Button
                        variant="ghost"
                        aria-label={`Details of ${d.event_type} to ${d.destination_name ?? d.destination_id}`}
                        aria-expanded={d.id === selected}
                        onClick={() => setSelected(d.id === selected ? null : d.id)}
                      >
                        Details
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {deliveries.hasNextPage && (
          <Button onClick={() => void deliveries.fetchNextPage()} disabled={deliveries.isFetchingNextPage}>
            {deliveries.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        )}
      </Card>
      {selected && <DeliveryDetail id={selected} />}
    </>
  );
}
