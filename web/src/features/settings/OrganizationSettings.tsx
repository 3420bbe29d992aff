/** Settings › Organization: the org's name and limits; owners edit them (`PATCH /orgs/current`), others read. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../lib/api";
import { useCan } from "../../lib/auth";
import { fieldErrors } from "../../lib/form-errors";
import { Button, Card, ErrorNotice, FormError, Notice, TextField } from "../../ui";
import {
  formatLimit,
  LIMIT_FIELDS,
  LIMIT_KEYS,
  type Limits,
  type LimitsForm,
  limitsPatch,
  limitsToForm,
} from "./limits";

type Org = { id: string; name: string; limits: Limits };

export function OrganizationSettings() {
  const org = useQuery({ queryKey: ["org", "current"], queryFn: () => unwrap(api.api.v1.orgs.current.$get()) });
  const canEdit = useCan("org:manage");
  return (
    <Card title="Organization">
      {org.isPending && <p className="muted">Loading…</p>}
      {org.error && <ErrorNotice error={org.error} title="Couldn't load the organization" />}
      {org.data && (canEdit ? <OrgForm key={org.data.id} org={org.data} /> : <OrgSummary org={org.data} />)}
    </Card>
  );
}

function OrgSummary({ org }: { org: Org }) {
  return (
    <>
      <dl className="facts">
        <div className="fact">
          <dt>Name</dt>
          <dd>{org.name}</dd>
        </div>
        {LIMIT_KEYS.map((key) => (
          <div key={key} className="fact">
            <dt>{LIMIT_FIELDS[key].label}</dt>
            <dd>{formatLimit(key, org.limits[key])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">Only owners can change these.</p>
    </>
  );
}

function OrgForm({ org }: { org: Org }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(org.name);
  const [limits, setLimits] = useState<LimitsForm>(() => limitsToForm(org.limits));
  const [localErrors, setLocalErrors] = useState<Partial<Record<string, string>>>({});
  const save = useMutation({
    mutationFn: (changed: { name?: string | undefined; limits: Partial<Limits> }) =>
      unwrap(
        api.api.v1.orgs.current.$patch({
          json: {
            ...(changed.name === undefined ? {} : { name: changed.name }),
            ...(Object.keys(changed.limits).length > 0 ? { settings: { limits: changed.limits } } : {}),
          },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(["org", "current"], updated);
      setLimits(limitsToForm(updated.limits));
      // The org's name shows in the switcher.
      void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const serverErrors = fieldErrors(save.error);
  const errorFor = (key: string) => localErrors[key] ?? serverErrors[key] ?? serverErrors[`settings.limits.${key}`];

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const patch = limitsPatch(org.limits, limits);
    if (!patch.ok) {
      setLocalErrors(patch.errors);
      return;
    }
    setLocalErrors({});
    const trimmed = name.trim();
    save.mutate({ name: trimmed === org.name ? undefined : trimmed, limits: patch.changed });
  }

  return (
    <form onSubmit={onSubmit}>
      <TextField
        label="Name"
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errorFor("name")}
      />
      <h3>Limits</h3>
      <p className="muted small">Apply to every workflow and run in this organization.</p>
      <div className="form-grid">
        {LIMIT_KEYS.map((key) => (
          <TextField
            key={key}
            label={`${LIMIT_FIELDS[key].label} (${LIMIT_FIELDS[key].unit})`}
            inputMode="decimal"
            value={limits[key]}
            onChange={(e) => setLimits((current) => ({ ...current, [key]: e.target.value }))}
            error={errorFor(key)}
          />
        ))}
      </div>
      <FormError
        error={save.error}
        fields={["name", ...LIMIT_KEYS.map((key) => `settings.limits.${key}`)]}
        title="Couldn't save"
      />
      {save.isSuccess && <Notice tone="ok">Saved.</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
