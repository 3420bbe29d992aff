/** "New webhook trigger": name, mode, sync timeout, rate limit and debounce; answers with the secret once. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldErrors } from "../../../lib/form-errors";
import { Button, FormError, SelectField, TextField } from "../../../ui";
import { triggerApi, triggerKeys, type WebhookWithSecretBody } from "./trigger-api";
import { type WebhookFormValues, webhookFormBody } from "./webhook-form";

const FIELDS = ["name", "mode", "sync_timeout_ms", "rate_limit_per_minute", "debounce_ms"] as const;

/** The create form; `onCreated` gets the new trigger with its secret. */
export function NewWebhookForm({
  workflowId,
  onCreated,
  onCancel,
}: {
  workflowId: string;
  onCreated: (trigger: WebhookWithSecretBody) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<WebhookFormValues>({
    name: "",
    mode: "async",
    syncTimeoutSeconds: "10",
    rateLimitPerMinute: "60",
    debounceSeconds: "",
  });
  const set = (patch: Partial<WebhookFormValues>) => setValues((current) => ({ ...current, ...patch }));
  const create = useMutation({
    mutationFn: () => triggerApi.createWebhook(workflowId, webhookFormBody(values)),
    onSuccess: (trigger) => {
      void queryClient.invalidateQueries({ queryKey: triggerKeys.webhooks(workflowId) });
      onCreated(trigger);
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <form
      aria-label="New webhook trigger"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <div className="form-grid">
        <TextField
          label="Name"
          value={values.name}
          maxLength={100}
          onChange={(e) => set({ name: e.target.value })}
          error={errors.name}
        />
        <SelectField
          label="Mode"
          value={values.mode}
          onChange={(e) => set({ mode: e.target.value === "sync" ? "sync" : "async" })}
          error={errors.mode}
          hint="Async answers 202 with the run id; sync waits for the run's result"
        >
          <option value="async">Async</option>
          <option value="sync">Sync</option>
        </SelectField>
        {values.mode === "sync" && (
          <TextField
            label="Sync timeout (seconds)"
            type="number"
            min={0.1}
            max={60}
            step="any"
            value={values.syncTimeoutSeconds}
            onChange={(e) => set({ syncTimeoutSeconds: e.target.value })}
            error={errors.sync_timeout_ms}
          />
        )}
        <TextField
          label="Rate limit (calls per minute)"
          type="number"
          min={1}
          value={values.rateLimitPerMinute}
          onChange={(e) => set({ rateLimitPerMinute: e.target.value })}
          error={errors.rate_limit_per_minute}
        />
        <TextField
          label="Debounce (seconds)"
          type="number"
          min={1}
          value={values.debounceSeconds}
          onChange={(e) => set({ debounceSeconds: e.target.value })}
          error={errors.debounce_ms}
          hint="Optional: calls within one window start a single run"
        />
      </div>
      <FormError error={create.error} fields={FIELDS} title="Couldn't create the trigger" />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create webhook trigger"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
