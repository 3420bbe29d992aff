/** Create an API key (name, role up to your own, optional expiry); its secret is shown once, highlighted, with copy. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AssignableRole, roleAtMost } from "../../../../../worker/contracts/roles";
import { api, unwrap } from "../../../lib/api";
import { useAuth } from "../../../lib/auth";
import { fieldErrors } from "../../../lib/form-errors";
import { localInputToIso } from "../../../lib/format";
import { Button, Card, CopyField, FormError, SelectField, TextField } from "../../../ui";

export function CreateApiKeyForm() {
  const { role: myRole } = useAuth();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [role, setRole] = useState<AssignableRole>("viewer");
  const [expires, setExpires] = useState("");
  const create = useMutation({
    mutationFn: () => {
      const expiresAt = localInputToIso(expires);
      return unwrap(
        api.api.v1["api-keys"].$post({ json: { name, role, ...(expiresAt ? { expires_at: expiresAt } : {}) } }),
      );
    },
    onSuccess: () => {
      setName("");
      setExpires("");
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const errors = fieldErrors(create.error);
  // A key can't carry more rights than its creator (the server refuses it too).
  const roles = AssignableRole.options.filter((option) => myRole !== null && roleAtMost(option, myRole));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <Card title="Create an API key">
      {create.data ? (
        <section className="secret-box" aria-label="New API key">
          <p>
            <strong>Copy this key now. It won't be shown again.</strong> Store it somewhere safe, like a secrets
            manager; anyone with it can act as <code>{create.data.role}</code> in this organization.
          </p>
          <CopyField label="API key" value={create.data.secret} />
          <Button onClick={() => create.reset()}>Done</Button>
        </section>
      ) : (
        <form onSubmit={onSubmit} className="inline-form">
          <TextField
            label="Name"
            required
            placeholder="e.g. CI deploys"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
          <SelectField label="Role" value={role} onChange={(e) => setRole(AssignableRole.parse(e.target.value))}>
            {roles.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Expires (optional)"
            type="datetime-local"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            error={errors.expires_at}
          />
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create key"}
          </Button>
        </form>
      )}
      <FormError error={create.error} fields={["name", "role", "expires_at"]} title="Couldn't create the key" />
    </Card>
  );
}
