/** The Triggers tab's event section: start this workflow when another workflow completes or fails. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { EventTriggerOn } from "../../../../../worker/contracts/triggers";
import { formatDateTime } from "../../../lib/format";
import { Badge, Button, Card, ConfirmButton, ErrorNotice, FormError, QueryState, SelectField } from "../../../ui";
import { workflowApi } from "../workflow-api";
import { EVENT_TRIGGER_ON, eventOnLabel, eventTriggerSentence } from "./event-triggers";
import { triggerApi, triggerKeys } from "./trigger-api";

/** Event triggers that start `workflowId`; `canWrite` adds the create form and Delete buttons. */
export function EventTriggers({ workflowId, canWrite }: { workflowId: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: triggerKeys.events(workflowId), queryFn: () => triggerApi.listEvents(workflowId) });
  // One page of the catalog names the sources; a source beyond it shows as its id.
  const workflows = useQuery({
    queryKey: ["workflows", "list", { purpose: "event-trigger-sources" }],
    queryFn: () => workflowApi.list({ status: "active", limit: "100" }),
  });
  const remove = useMutation({
    mutationFn: (triggerId: string) => triggerApi.deleteEvent(workflowId, triggerId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: triggerKeys.events(workflowId) }),
  });
  const nameOf = (id: string) => workflows.data?.items.find((w) => w.id === id)?.name ?? id;
  const sources = (workflows.data?.items ?? []).filter((w) => w.id !== workflowId);

  return (
    <Card title="Event triggers">
      {canWrite && <NewEventTrigger workflowId={workflowId} sources={sources} />}
      <QueryState query={list} errorTitle="Couldn't load the event triggers" />
      {remove.error && <ErrorNotice error={remove.error} title="Couldn't delete the event trigger" />}
      {list.data && list.data.items.length === 0 && <p className="muted">No event triggers yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <ul aria-label="Event triggers">
          {list.data.items.map((trigger) => {
            const sentence = eventTriggerSentence(nameOf(trigger.source_workflow_id), trigger.on);
            return (
              <li key={trigger.id}>
                {sentence} {!trigger.enabled && <Badge tone="warn">Disabled</Badge>}{" "}
                <span className="muted small">since {formatDateTime(trigger.created_at)}</span>{" "}
                {canWrite && (
                  <ConfirmButton
                    label="Delete"
                    accessibleName={`Delete: ${sentence}`}
                    question="Delete this event trigger?"
                    confirmLabel="Delete"
                    busy={remove.isPending}
                    onConfirm={() => remove.mutate(trigger.id)}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function NewEventTrigger({ workflowId, sources }: { workflowId: string; sources: { id: string; name: string }[] }) {
  const queryClient = useQueryClient();
  const [source, setSource] = useState("");
  const [on, setOn] = useState<EventTriggerOn>("completed");
  const create = useMutation({
    mutationFn: () => triggerApi.createEvent(workflowId, { source_workflow_id: source, on }),
    onSuccess: () => {
      setSource("");
      void queryClient.invalidateQueries({ queryKey: triggerKeys.events(workflowId) });
    },
  });
  return (
    <form
      aria-label="New event trigger"
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <SelectField label="When workflow" value={source} onChange={(e) => setSource(e.target.value)}>
        <option value="">Choose a workflow…</option>
        {sources.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Finishes as"
        value={on}
        onChange={(e) => setOn(EVENT_TRIGGER_ON.find((value) => value === e.target.value) ?? "completed")}
      >
        {EVENT_TRIGGER_ON.map((value) => (
          <option key={value} value={value}>
            {eventOnLabel(value)}
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="primary" disabled={source === "" || create.isPending}>
        Add event trigger
      </Button>
      <FormError error={create.error} fields={[]} title="Couldn't add the event trigger" />
    </form>
  );
}
