/** The Triggers tab's webhook section: the list, create, enable/disable, rotate the secret, delete. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "../../../lib/format";
import { Badge, Button, Card, ConfirmButton, ErrorNotice, QueryState } from "../../../ui";
import { hookUrl } from "./curl-example";
import { NewWebhookForm } from "./NewWebhookForm";
import { SecretReveal } from "./SecretReveal";
import { triggerApi, triggerKeys, type WebhookTriggerBody, type WebhookWithSecretBody } from "./trigger-api";
import { formatSeconds } from "./webhook-form";

/** The trigger whose secret is on screen, and why (created or rotated). */
type Revealed = { trigger: WebhookWithSecretBody; reason: "created" | "rotated" };

/** Webhook triggers of `workflowId`; `exampleInput` is the body the curl examples send. */
export function WebhookTriggers({
  workflowId,
  canWrite,
  exampleInput,
}: {
  workflowId: string;
  canWrite: boolean;
  exampleInput: unknown;
}) {
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const list = useQuery({
    queryKey: triggerKeys.webhooks(workflowId),
    queryFn: () => triggerApi.listWebhooks(workflowId),
  });

  return (
    <Card
      title="Webhook triggers"
      actions={
        canWrite &&
        !creating && (
          <Button
            variant="primary"
            onClick={() => {
              setRevealed(null);
              setCreating(true);
            }}
          >
            New webhook trigger
          </Button>
        )
      }
    >
      {creating && (
        <NewWebhookForm
          workflowId={workflowId}
          onCancel={() => setCreating(false)}
          onCreated={(trigger) => {
            setCreating(false);
            setRevealed({ trigger, reason: "created" });
          }}
        />
      )}
      {revealed && (
        <SecretReveal
          triggerId={revealed.trigger.id}
          secret={revealed.trigger.secret}
          body={exampleInput}
          title={revealed.reason === "created" ? "Webhook trigger created" : "New secret"}
          onDone={() => setRevealed(null)}
        />
      )}
      <QueryState query={list} errorTitle="Couldn't load the webhook triggers" />
      {list.data && list.data.items.length === 0 && <p className="muted">No webhook triggers yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Webhook triggers">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Mode</th>
                <th scope="col">Status</th>
                <th scope="col">Rate limit</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                {canWrite && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((trigger) => (
                <WebhookRow
                  key={trigger.id}
                  workflowId={workflowId}
                  trigger={trigger}
                  canWrite={canWrite}
                  onRotated={(withSecret) => setRevealed({ trigger: withSecret, reason: "rotated" })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function WebhookRow({
  workflowId,
  trigger,
  canWrite,
  onRotated,
}: {
  workflowId: string;
  trigger: WebhookTriggerBody;
  canWrite: boolean;
  onRotated: (trigger: WebhookWithSecretBody) => void;
}) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: triggerKeys.webhooks(workflowId) });
  const toggle = useMutation({
    mutationFn: () => triggerApi.updateWebhook(workflowId, trigger.id, { enabled: !trigger.enabled }),
    onSettled: refresh,
  });
  const rotate = useMutation({
    mutationFn: () => triggerApi.rotateWebhook(workflowId, trigger.id),
    onSuccess: onRotated,
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => triggerApi.deleteWebhook(workflowId, trigger.id),
    onSettled: refresh,
  });
  const label = trigger.name || trigger.id;
  const error = toggle.error ?? rotate.error ?? remove.error;
  return (
    <tr>
      <td>
        <strong>{label}</strong>
        <div className="muted small">
          <code>{hookUrl(window.location.origin, trigger.id)}</code> · secret {trigger.secret_mask}
        </div>
        {error && <ErrorNotice error={error} title={`Couldn't change ${label}`} />}
      </td>
      <td>
        {trigger.mode === "sync" ? `Sync (waits ${formatSeconds(trigger.sync_timeout_ms)})` : "Async"}
        {trigger.debounce_ms !== null && (
          <div className="muted small">debounce {formatSeconds(trigger.debounce_ms)}</div>
        )}
      </td>
      <td>{trigger.enabled ? <Badge tone="ok">Enabled</Badge> : <Badge tone="warn">Disabled</Badge>}</td>
      <td>{trigger.rate_limit_per_minute}/min</td>
      <td>{formatDateTime(trigger.created_at)}</td>
      <td>{formatDateTime(trigger.last_used_at, "never")}</td>
      {canWrite && (
        <td className="row-actions">
          <Button
            aria-label={`${trigger.enabled ? "Disable" : "Enable"} ${label}`}
            disabled={toggle.isPending}
            onClick={() => toggle.mutate()}
          >
            {trigger.enabled ? "Disable" : "Enable"}
          </Button>
          <ConfirmButton
            label="Rotate secret"
            accessibleName={`Rotate the secret of ${label}`}
            question="Callers using the old secret will be refused. Rotate?"
            confirmLabel="Rotate"
            busy={rotate.isPending}
            onConfirm={() => rotate.mutate()}
          />
          <ConfirmButton
            label="Delete"
            accessibleName={`Delete ${label}`}
            question={`Delete ${label}? Calls to its URL will fail.`}
            confirmLabel="Delete"
            busy={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </td>
      )}
    </tr>
  );
}
