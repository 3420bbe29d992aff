/** Settings › Organization › AI assistant: which LLM connection and model answer "Ask AI" (owners choose). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import type { AiSettings } from "../../../../worker/contracts/ai";
import { api, unwrap } from "../../lib/api";
import { useCan } from "../../lib/auth";
import { Button, Card, ErrorNotice, FormError, Notice, QueryState, SelectField, TextField } from "../../ui";

const ORG_KEY = ["org", "current"];

/** The card; reads the org (shared query with the Organization card) and, for owners, the connections. */
export function AiSettingsCard() {
  const org = useQuery({ queryKey: ORG_KEY, queryFn: () => unwrap(api.api.v1.orgs.current.$get()) });
  const canEdit = useCan("org:manage");
  const current = org.data?.settings.ai ?? null;
  return (
    <Card title="AI assistant">
      <p className="muted small">
        "Ask AI" on a failed run and AI plans use this LLM connection (an OpenAI-compatible API). Secrets are redacted
        before anything is sent.
      </p>
      <QueryState query={org} errorTitle="Couldn't load the organization" />
      {org.data &&
        (canEdit ? (
          <AiSettingsForm key={`${current?.connection_id}:${current?.model}`} current={current} />
        ) : current ? (
          <p>
            Set up with the model <code>{current.model}</code>.
          </p>
        ) : (
          <p className="muted">Not set up. Only owners can set it up.</p>
        ))}
    </Card>
  );
}

function AiSettingsForm({ current }: { current: AiSettings | null }) {
  const queryClient = useQueryClient();
  const connections = useQuery({ queryKey: ["connections"], queryFn: () => unwrap(api.api.v1.connections.$get()) });
  const [connectionId, setConnectionId] = useState(current?.connection_id ?? "");
  const [model, setModel] = useState(current?.model ?? "");
  const save = useMutation({
    mutationFn: (ai: AiSettings | null) => unwrap(api.api.v1.orgs.current.$patch({ json: { settings: { ai } } })),
    onSuccess: (updated) => queryClient.setQueryData(ORG_KEY, updated),
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ connection_id: connectionId, model: model.trim() });
  }
  const items = connections.data?.items ?? [];
  return (
    <form onSubmit={onSubmit}>
      {connections.error && <ErrorNotice error={connections.error} title="Couldn't load the connections" />}
      {connections.data && items.length === 0 && (
        <Notice tone="warn">
          No connections yet. <Link to="/settings/connections">Add one</Link> with the LLM's base URL and API key.
        </Notice>
      )}
      <div className="form-grid">
        <SelectField
          label="LLM connection"
          required
          value={connectionId}
          onChange={(e) => setConnectionId(e.target.value)}
        >
          <option value="">Choose…</option>
          {items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.base_url ? ` (${c.base_url})` : ""}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Model"
          required
          placeholder="gpt-4o-mini"
          value={model}
          onChange={(e) => setModel(e.target.value)}
        />
      </div>
      <FormError error={save.error} fields={[]} title="Couldn't save the AI assistant" />
      {save.isSuccess && <Notice tone="ok">Saved.</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending || !connectionId || !model.trim()}>
          {save.isPending ? "Saving…" : "Save AI assistant"}
        </Button>
        {current && (
          <Button variant="ghost" onClick={() => save.mutate(null)} disabled={save.isPending}>
            Turn off
          </Button>
        )}
      </div>
    </form>
  );
}
