/** Add or edit an MCP server: label, URL, auth (token as a password field, never shown again), rate limit, whitelist. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { McpServer } from "../../../../../worker/contracts/mcp";
import { fieldErrors } from "../../../lib/form-errors";
import { Button, Card, FormError, Notice, SelectField, TextField } from "../../../ui";
import { createServer, MCP_KEYS, updateServer } from "./mcp-api";
import {
  AUTH_LABELS,
  AUTH_TYPES,
  createBody,
  EMPTY_FORM,
  formFromServer,
  type McpFormField,
  type McpServerFormState,
  updateBody,
} from "./mcp-form";

const FIELDS: readonly McpFormField[] = [
  "label",
  "url",
  "auth_type",
  "header_name",
  "token",
  "rate_limit_per_min",
  "allowed_tools",
];

/**
 * The add form (no `server`) or the edit form of `server`. `onDone` runs after a successful edit or on Cancel.
 * @example <McpServerForm server={server} onDone={() => setEditing(null)} />
 */
export function McpServerForm({ server, onDone }: { server?: McpServer; onDone?: () => void }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<McpServerFormState>(() => (server ? formFromServer(server) : EMPTY_FORM));
  const [localErrors, setLocalErrors] = useState<Partial<Record<McpFormField, string>>>({});
  const save = useMutation({
    mutationFn: async (next: McpServerFormState) => {
      if (server) {
        const read = updateBody(next, server);
        if (!read.ok) return read.errors;
        await updateServer(server.label, read.body);
        return null;
      }
      const read = createBody(next);
      if (!read.ok) return read.errors;
      await createServer(read.body);
      return null;
    },
    onSuccess: (errors) => {
      setLocalErrors(errors ?? {});
      if (errors) return;
      // The token leaves the page as soon as the server has it.
      setState(server ? { ...state, token: "" } : EMPTY_FORM);
      void queryClient.invalidateQueries({ queryKey: MCP_KEYS.servers });
      void queryClient.invalidateQueries({ queryKey: MCP_KEYS.tools });
      onDone?.();
    },
  });
  const serverErrors = fieldErrors(save.error);
  const errorFor = (field: McpFormField) => localErrors[field] ?? serverErrors[field];
  const set = (patch: Partial<McpServerFormState>) => setState((s) => ({ ...s, ...patch }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(state);
  }

  const tokenHint = server?.token_hint
    ? `Stored encrypted (${server.token_hint}). Leave blank to keep it.`
    : "Stored encrypted and never shown again.";

  return (
    <Card title={server ? `Edit ${server.label}` : "Add an MCP server"}>
      {!server && (
        <p className="muted small">
          Workflows call the server's tools as <code>label/tool</code>; only the tools you allow can be called.
        </p>
      )}
      <form
        onSubmit={onSubmit}
        className="form-grid"
        aria-label={server ? `Edit ${server.label}` : "Add an MCP server"}
      >
        {!server && (
          <TextField
            label="Label"
            required
            placeholder="e.g. github"
            value={state.label}
            onChange={(e) => set({ label: e.target.value })}
            error={errorFor("label")}
          />
        )}
        <TextField
          label="URL"
          type="url"
          required
          placeholder="https://mcp.example.com/mcp"
          value={state.url}
          onChange={(e) => set({ url: e.target.value })}
          error={errorFor("url")}
        />
        <SelectField
          label="Authentication"
          value={state.auth_type}
          onChange={(e) => set({ auth_type: AUTH_TYPES.find((t) => t === e.target.value) ?? "none" })}
          error={errorFor("auth_type")}
        >
          {AUTH_TYPES.map((type) => (
            <option key={type} value={type}>
              {AUTH_LABELS[type]}
            </option>
          ))}
        </SelectField>
        {state.auth_type === "header" && (
          <TextField
            label="Header name"
            required
            placeholder="X-Api-Key"
            value={state.header_name}
            onChange={(e) => set({ header_name: e.target.value })}
            error={errorFor("header_name")}
          />
        )}
        {state.auth_type !== "none" && (
          <TextField
            label="Token"
            type="password"
            autoComplete="new-password"
            hint={tokenHint}
            value={state.token}
            onChange={(e) => set({ token: e.target.value })}
            error={errorFor("token")}
          />
        )}
        <TextField
          label="Rate limit (calls per minute)"
          inputMode="numeric"
          value={state.rate_limit_per_min}
          onChange={(e) => set({ rate_limit_per_min: e.target.value })}
          error={errorFor("rate_limit_per_min")}
        />
        <TextField
          label="Allowed tools"
          placeholder="add, echo"
          hint="Comma-separated. Or test the server and tick its tools."
          value={state.allowed_tools}
          onChange={(e) => set({ allowed_tools: e.target.value })}
          error={errorFor("allowed_tools")}
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : server ? "Save changes" : "Add server"}
          </Button>
          {onDone && (
            <Button variant="ghost" onClick={onDone}>
              Cancel
            </Button>
          )}
        </div>
      </form>
      <FormError error={save.error} fields={FIELDS} title="Couldn't save the server" />
      {Object.keys(localErrors).length > 0 && (
        <p role="alert" className="field-error">
          Check the highlighted fields.
        </p>
      )}
      {!server && save.isSuccess && !save.data && <Notice tone="ok">Server added. Test it to see its tools.</Notice>}
    </Card>
  );
}
