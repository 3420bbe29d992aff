/** Settings › Organization: the org's name (owners edit it, `PATCH /orgs/current`) and its AI assistant; limits have their own page. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../lib/api";
import { useCan } from "../../lib/auth";
import { fieldErrors } from "../../lib/form-errors";
import { Button, Card, FormError, Notice, QueryState, TextField } from "../../ui";
import { AiSettingsCard } from "../ai/AiSettingsCard";

type Org = { id: string; name: string };

export function OrganizationSettings() {
  const org = useQuery({ queryKey: ["org", "current"], queryFn: () => unwrap(api.api.v1.orgs.current.$get()) });
  const canEdit = useCan("org:manage");
  return (
    <>
      <Card title="Organization">
        <QueryState query={org} errorTitle="Couldn't load the organization" />
        {org.data && (canEdit ? <OrgForm key={org.data.id} org={org.data} /> : <OrgSummary org={org.data} />)}
        <p className="muted small">
          Execution limits (steps, timeouts, concurrency, input size) are on the{" "}
          <Link to="/settings/limits">Limits</Link> page.
        </p>
      </Card>
      <AiSettingsCard />
    </>
  );
}

function OrgSummary({ org }: { org: Org }) {
  return (
    <dl className="facts">
      <div className="fact">
        <dt>Name</dt>
        <dd>{org.name}</dd>
      </div>
    </dl>
  );
}

function OrgForm({ org }: { org: Org }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(org.name);
  const save = useMutation({
    mutationFn: (newName: string) => unwrap(api.api.v1.orgs.current.$patch({ json: { name: newName } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(["org", "current"], updated);
      // The org's name shows in the switcher.
      void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const serverErrors = fieldErrors(save.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(name.trim());
  }

  return (
    <form onSubmit={onSubmit}>
      <TextField
        label="Name"
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={serverErrors.name}
      />
      <FormError error={save.error} fields={["name"]} title="Couldn't save" />
      {save.isSuccess && <Notice tone="ok">Saved.</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save name"}
        </Button>
      </div>
    </form>
  );
}
