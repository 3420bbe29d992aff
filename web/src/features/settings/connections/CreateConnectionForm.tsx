/** Create a connection: name, type, the type's fields (secrets as password inputs), optional base URL. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConnectionType } from "../../../../../worker/contracts/connections";
import { api, unwrap } from "../../../lib/api";
import { fieldErrors } from "../../../lib/form-errors";
import { Button, Card, FormError, SelectField, TextField } from "../../../ui";
import { type ConnectionFormState, createBody, FIELDS_BY_TYPE, TYPE_LABELS } from "./connection-form";

const EMPTY: ConnectionFormState = { name: "", type: "bearer", base_url: "", values: {}, in: "header" };

export function CreateConnectionForm() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionFormState>(EMPTY);
  const create = useMutation({
    mutationFn: () => unwrap(api.api.v1.connections.$post({ json: createBody(state) })),
    onSuccess: () => {
      // Secrets leave the page as soon as the server has them.
      setState(EMPTY);
      void queryClient.invalidateQueries({ queryKey: ["connections"] });
    },
  });
  const errors = fieldErrors(create.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  const setValue = (key: string, value: string) => setState((s) => ({ ...s, values: { ...s.values, [key]: value } }));

  return (
    <Card title="Add a connection">
      <p className="muted small">
        Credentials are encrypted and never shown again; steps reference the connection by its id.
      </p>
      <form onSubmit={onSubmit} className="inline-form">
        <TextField
          label="Name"
          required
          placeholder="e.g. OpenAI"
          value={state.name}
          onChange={(e) => setState((s) => ({ ...s, name: e.target.value }))}
          error={errors.name}
        />
        <SelectField
          label="Type"
          value={state.type}
          onChange={(e) => setState((s) => ({ ...s, type: ConnectionType.parse(e.target.value), values: {} }))}
        >
          {ConnectionType.options.map((type) => (
            <option key={type} value={type}>
              {TYPE_LABELS[type]}
            </option>
          ))}
        </SelectField>
        {FIELDS_BY_TYPE[state.type].map((field) => (
          <TextField
            key={`${state.type}-${field.key}`}
            label={field.required ? field.label : `${field.label} (optional)`}
            type={field.secret ? "password" : "text"}
            autoComplete={field.secret ? "new-password" : "off"}
            required={field.required}
            hint={field.hint}
            value={state.values[field.key] ?? ""}
            onChange={(e) => setValue(field.key, e.target.value)}
          />
        ))}
        {state.type === "api_key" && (
          <SelectField
            label="Send the key in"
            value={state.in}
            onChange={(e) => setState((s) => ({ ...s, in: e.target.value === "query" ? "query" : "header" }))}
          >
            <option value="header">a header</option>
            <option value="query">the query string</option>
          </SelectField>
        )}
        <TextField
          label="Base URL (optional)"
          placeholder="https://api.openai.com/v1"
          hint="LLM steps call the base URL + /chat/completions"
          value={state.base_url}
          onChange={(e) => setState((s) => ({ ...s, base_url: e.target.value }))}
          error={errors.base_url}
        />
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Saving…" : "Add connection"}
        </Button>
      </form>
      <FormError error={create.error} fields={["name", "base_url"]} title="Couldn't add the connection" />
    </Card>
  );
}
