/** One destination: what it is, whether it works, and (for admins) its actions. */
import { useState } from "react";
import { Link } from "react-router";
import type { Destination } from "../../../../worker/contracts/automations";
import { formatDateTime } from "../../lib/format";
import { Badge, Button, ConfirmButton, ErrorNotice, Notice, SelectField } from "../../ui";
import { EditDestinationForm } from "./DestinationForm";
import { formatEventTypes } from "./format";
import { useDeleteDestination, useRotateSecret, useSendTest, useUpdateDestination } from "./queries";
import { SecretOnce } from "./SecretOnce";

const GRACE_OPTIONS = [
  { seconds: 0, label: "Stop the old secret now" },
  { seconds: 3600, label: "Keep the old secret 1 hour" },
  { seconds: 86_400, label: "Keep the old secret 24 hours" },
  { seconds: 604_800, label: "Keep the old secret 7 days" },
] as const;

function StatusBadge({ destination }: { destination: Destination }) {
  if (destination.enabled) return <Badge tone="ok">Enabled</Badge>;
  return <Badge tone={destination.disabled_reason === "auto" ? "error" : "neutral"}>Disabled</Badge>;
}

function RotateSecret({ destination, onClose }: { destination: Destination; onClose: () => void }) {
  const [grace, setGrace] = useState<number>(86_400);
  const rotate = useRotateSecret(destination.id);
  if (rotate.data?.secret) return <SecretOnce secret={rotate.data.secret} onDone={onClose} />;
  return (
    <form
      className="inline-form"
      aria-label={`Rotate the secret of ${destination.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        rotate.mutate({ grace_period_seconds: grace });
      }}
    >
      <SelectField label="Old secret" value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
        {GRACE_OPTIONS.map((option) => (
          <option key={option.seconds} value={option.seconds}>
            {option.label}
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="primary" disabled={rotate.isPending}>
        {rotate.isPending ? "Rotating…" : "Rotate secret"}
      </Button>
      <Button variant="ghost" onClick={onClose}>
        Cancel
      </Button>
      {rotate.error && <ErrorNotice error={rotate.error} title="Couldn't rotate the secret" />}
    </form>
  );
}

type Mode = "view" | "edit" | "rotate";

export function DestinationItem({ destination, canManage }: { destination: Destination; canManage: boolean }) {
  const [mode, setMode] = useState<Mode>("view");
  const test = useSendTest(destination.id);
  const toggle = useUpdateDestination(destination.id);
  const remove = useDeleteDestination(destination.id);
  const error = test.error ?? toggle.error ?? remove.error;
  return (
    <article className="destination" aria-label={destination.name}>
      <div className="destination-head">
        <h3>
          {destination.name} <StatusBadge destination={destination} />
        </h3>
        {canManage && mode === "view" && (
          <div className="destination-actions">
            <Button
              onClick={() => test.mutate()}
              disabled={!destination.enabled || test.isPending}
              aria-label={`Send a test event to ${destination.name}`}
            >
              Send test event
            </Button>
            <Button onClick={() => setMode("edit")} aria-label={`Edit ${destination.name}`}>
              Edit
            </Button>
            <Button onClick={() => setMode("rotate")} aria-label={`Rotate the secret of ${destination.name}`}>
              Rotate secret
            </Button>
            <Button
              onClick={() => toggle.mutate({ enabled: !destination.enabled })}
              disabled={toggle.isPending}
              aria-label={`${destination.enabled ? "Disable" : "Enable"} ${destination.name}`}
            >
              {destination.enabled ? "Disable" : "Enable"}
            </Button>
            <ConfirmButton
              label="Delete"
              accessibleName={`Delete ${destination.name}`}
              question={`Delete ${destination.name}?`}
              confirmLabel="Delete"
              busy={remove.isPending}
              onConfirm={() => remove.mutate()}
            />
          </div>
        )}
      </div>
      {mode === "edit" && <EditDestinationForm destination={destination} onClose={() => setMode("view")} />}
      {mode === "rotate" && <RotateSecret destination={destination} onClose={() => setMode("view")} />}
      <dl className="destination-meta small">
        <dt>URL</dt>
        <dd>
          <code>{destination.url}</code>
        </dd>
        <dt>Events</dt>
        <dd>{formatEventTypes(destination.event_types)}</dd>
        <dt>Signing secret</dt>
        <dd>
          <code>{destination.secret_masked}</code>
          {destination.previous_secret_masked && (
            <span className="muted">
              {" "}
              (old <code>{destination.previous_secret_masked}</code> valid until{" "}
              {formatDateTime(destination.previous_secret_expires_at)})
            </span>
          )}
        </dd>
        {destination.failing_since && (
          <>
            <dt>Failing since</dt>
            <dd>
              {formatDateTime(destination.failing_since)} ({destination.consecutive_failures} failed attempts in a row)
            </dd>
          </>
        )}
      </dl>
      {destination.disabled_reason === "auto" && (
        <Notice tone="warn" title="Disabled automatically">
          {destination.disabled_message} Fix the receiver, then enable the destination and redeliver what failed.
        </Notice>
      )}
      {test.data && (
        <Notice tone="ok">
          Test event sent. Follow it in the{" "}
          <Link to={`/automations/deliveries?destination=${destination.id}`}>delivery log</Link>.
        </Notice>
      )}
      {error && <ErrorNotice error={error} title="That didn't work" />}
    </article>
  );
}
