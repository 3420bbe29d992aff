/** Create or edit a destination: name, URL, event types and (on create) an optional signing secret. */
import { type FormEvent, useState } from "react";
import type { Destination } from "../../../../worker/contracts/automations";
import { fieldErrors } from "../../lib/form-errors";
import { Button, FormError, TextField } from "../../ui";
import { formatEventTypes, parseEventTypes } from "./format";
import { useCreateDestination, useUpdateDestination } from "./queries";
import { SecretOnce } from "./SecretOnce";

const FIELDS = ["name", "url", "event_types", "secret"] as const;

interface Values {
  name: string;
  url: string;
  eventTypes: string;
  secret: string;
}

function Fields({
  values,
  setValues,
  errors,
  withSecret,
}: {
  values: Values;
  setValues: (values: Values) => void;
  errors: Record<string, string>;
  withSecret: boolean;
}) {
  const eventTypesError = Object.entries(errors).find(([path]) => path.startsWith("event_types"))?.[1];
  return (
    <div className="form-grid">
      <TextField
        label="Name"
        required
        placeholder="e.g. CRM sync"
        value={values.name}
        onChange={(e) => setValues({ ...values, name: e.target.value })}
        error={errors.name}
      />
      <TextField
        label="URL"
        required
        type="url"
        placeholder="https://example.com/hooks/fluxo"
        value={values.url}
        onChange={(e) => setValues({ ...values, url: e.target.value })}
        error={errors.url}
        hint="HTTPS; plain http only to a local receiver in development."
      />
      <TextField
        label="Event types"
        placeholder="*"
        value={values.eventTypes}
        onChange={(e) => setValues({ ...values, eventTypes: e.target.value })}
        error={eventTypesError}
        hint="Comma-separated: run.completed, run.* or * for everything."
      />
      {withSecret && (
        <TextField
          label="Signing secret (optional)"
          type="password"
          autoComplete="off"
          value={values.secret}
          onChange={(e) => setValues({ ...values, secret: e.target.value })}
          error={errors.secret}
          hint="Leave empty and Fluxo generates one (shown once)."
        />
      )}
    </div>
  );
}

/** The create form; after a generated secret it shows that secret once. */
export function CreateDestinationForm({ onClose }: { onClose: () => void }) {
  const [values, setValues] = useState<Values>({ name: "", url: "", eventTypes: "*", secret: "" });
  const create = useCreateDestination();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      name: values.name,
      url: values.url,
      event_types: parseEventTypes(values.eventTypes),
      ...(values.secret ? { secret: values.secret } : {}),
    });
  }

  if (create.data) {
    return create.data.secret ? (
      <SecretOnce secret={create.data.secret} onDone={onClose} />
    ) : (
      <div className="secret-box">
        <p>Destination created. It signs with the secret you gave; Fluxo never shows it again.</p>
        <Button onClick={onClose}>Done</Button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} aria-label="New destination">
      <Fields values={values} setValues={setValues} errors={fieldErrors(create.error)} withSecret />
      <FormError error={create.error} fields={FIELDS} title="Couldn't create the destination" />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create destination"}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** The edit form for name, URL and event types. */
export function EditDestinationForm({ destination, onClose }: { destination: Destination; onClose: () => void }) {
  const [values, setValues] = useState<Values>({
    name: destination.name,
    url: destination.url,
    eventTypes: formatEventTypes(destination.event_types),
    secret: "",
  });
  const update = useUpdateDestination(destination.id);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      { name: values.name, url: values.url, event_types: parseEventTypes(values.eventTypes) },
      { onSuccess: onClose },
    );
  }

  return (
    <form onSubmit={onSubmit} aria-label={`Edit ${destination.name}`}>
      <Fields values={values} setValues={setValues} errors={fieldErrors(update.error)} withSecret={false} />
      <FormError error={update.error} fields={FIELDS} title="Couldn't save the destination" />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
