/** Invite someone by email and role; the one-time invite link is shown once, with a copy button. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AssignableRole } from "../../../../../worker/contracts/roles";
import { api, unwrap } from "../../../lib/api";
import { fieldErrors } from "../../../lib/form-errors";
import { Button, Card, CopyField, FormError, Notice, SelectField, TextField } from "../../../ui";

export function InviteForm() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<AssignableRole>("viewer");
  const invite = useMutation({
    mutationFn: () => unwrap(api.api.v1.members.invites.$post({ json: { email, role } })),
    onSuccess: () => {
      setEmail("");
      void queryClient.invalidateQueries({ queryKey: ["invites"] });
    },
  });
  const errors = fieldErrors(invite.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }

  return (
    <Card title="Invite someone">
      <form onSubmit={onSubmit} className="inline-form">
        <TextField
          label="Email"
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <SelectField label="Role" value={role} onChange={(e) => setRole(AssignableRole.parse(e.target.value))}>
          {AssignableRole.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" disabled={invite.isPending}>
          {invite.isPending ? "Creating…" : "Create invite"}
        </Button>
      </form>
      <FormError error={invite.error} fields={["email", "role"]} title="Couldn't create the invite" />
      {invite.data && (
        <div className="secret-box">
          <Notice tone="ok" title={`Invite for ${invite.data.email} (${invite.data.role})`}>
            Send this link to them. It works once, until {new Date(invite.data.expires_at).toLocaleDateString()}, and
            won't be shown again. No email is sent.
          </Notice>
          <CopyField label="Invite link" value={invite.data.invite_url} />
          <Button onClick={() => invite.reset()}>Done</Button>
        </div>
      )}
    </Card>
  );
}
