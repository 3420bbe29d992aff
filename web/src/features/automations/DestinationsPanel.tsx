/** The destinations of this organization: add, and for each one test, edit, rotate, enable or disable, delete. */
import { useState } from "react";
import { useCan } from "../../lib/auth";
import { Button, Card, QueryState } from "../../ui";
import { CreateDestinationForm } from "./DestinationForm";
import { DestinationItem } from "./DestinationItem";
import { useDestinations } from "./queries";

export function DestinationsPanel() {
  const canManage = useCan("automations:manage");
  const destinations = useDestinations();
  const [adding, setAdding] = useState(false);
  return (
    <>
      {canManage && (
        <Card
          title="Add a destination"
          actions={
            !adding && (
              <Button variant="primary" onClick={() => setAdding(true)}>
                Add destination
              </Button>
            )
          }
        >
          {adding ? (
            <CreateDestinationForm onClose={() => setAdding(false)} />
          ) : (
            <p className="muted">
              A destination is an HTTPS endpoint of yours. Fluxo POSTs the events it subscribes to, signed with its
              secret, and retries until it answers 2xx.
            </p>
          )}
        </Card>
      )}
      <Card title="Destinations">
        <QueryState query={destinations} errorTitle="Couldn't load destinations" />
        {destinations.data?.items.length === 0 && <p className="muted">No destinations yet.</p>}
        {destinations.data?.items.map((destination) => (
          <DestinationItem key={destination.id} destination={destination} canManage={canManage} />
        ))}
      </Card>
    </>
  );
}
