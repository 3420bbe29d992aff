/**
 * Settings › Limits: the org's execution limits (steps per workflow, step and run timeouts, concurrent runs, input
 * size, retention) in readable units. Owners edit them (`PATCH /orgs/current`, only the changed limits), others read.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../../lib/api";
import { useCan } from "../../../lib/auth";
import { fieldErrors } from "../../../lib/form-errors";
import { Button, Card, FormError, Notice, QueryState, TextField } from "../../../ui";
import {
  formatLimit,
  LIMIT_FIELDS,
  LIMIT_KEYS,
  type Limits,
  type LimitsForm,
  limitsPatch,
  limitsToForm,
} from "../limits";

/** Same key as Settings › Organization, so both show the same org without a second request. */
const ORG_KEY = ["org", "current"] as const;

export function LimitsSettings() {
  const org = useQuery({ queryKey: ORG_KEY, queryFn: () => unwrap(api.api.v1.orgs.current.$get()) });
  const canEdit = useCan("org:manage");
  return (
    <Card title="Execution limits">
      <p className="muted small">
        Apply to every workflow and run in this organization. A run that goes past one fails with a clear error.
      </p>
      <QueryState query={org} errorTitle="Couldn't load the limits" />
      {org.data &&
        (canEdit ? (
          <LimitsEditor key={org.data.id} limits={org.data.limits} />
        ) : (
          <LimitsSummary limits={org.data.limits} />
        ))}
    </Card>
  );
}

/** The limits for reading (everyone but owners). */
export function LimitsSummary({ limits }: { limits: Limits }) {
  return (
    <>
      <dl className="facts" aria-label="Limits">
        {LIMIT_KEYS.map((key) => (
          <div key={key} className="fact">
            <dt>{LIMIT_FIELDS[key].label}</dt>
            <dd>{formatLimit(key, limits[key])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">Only owners can change these.</p>
    </>
  );
}

/** The owners' form: one field per limit in display units; only the changed limits are sent. */
export function LimitsEditor({ limits }: { limits: Limits }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<LimitsForm>(() => limitsToForm(limits));
  const [current, setCurrent] = useState<Limits>(limits);
  const [localErrors, setLocalErrors] = useState<Partial<Record<string, string>>>({});
  const save = useMutation({
    mutationFn: (changed: Partial<Limits>) =>
      unwrap(api.api.v1.orgs.current.$patch({ json: { settings: { limits: changed } } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(ORG_KEY, updated);
      setCurrent(updated.limits);
      setForm(limitsToForm(updated.limits));
    },
  });
  const serverErrors = fieldErrors(save.error);
  const errorFor = (key: string) => localErrors[key] ?? serverErrors[`settings.limits.${key}`];

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const patch = limitsPatch(current, form);
    if (!patch.ok) {
      setLocalErrors(patch.errors);
      return;
    }
    setLocalErrors({});
    save.mutate(patch.changed);
  }

  return (
    <form onSubmit={onSubmit} aria-label="Execution limits">
      <div className="form-grid">
        {LIMIT_KEYS.map((key) => (
          <TextField
            key={key}
            label={`${LIMIT_FIELDS[key].label} (${LIMIT_FIELDS[key].unit})`}
            inputMode="decimal"
            value={form[key]}
            onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
            error={errorFor(key)}
          />
        ))}
      </div>
      <FormError
        error={save.error}
        fields={LIMIT_KEYS.map((key) => `settings.limits.${key}`)}
        title="Couldn't save the limits"
      />
      {save.isSuccess && <Notice tone="ok">Limits saved.</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save limits"}
        </Button>
      </div>
    </form>
  );
}
