/** `/invite/:token`: join an organization with a one-time link, as a new or an existing account. */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { useAuth } from "../../lib/auth";
import { fieldErrors } from "../../lib/form-errors";
import { Button, FormError, Notice, TextField } from "../../ui";
import { PASSWORD_HINT } from "./RegisterPage";

type Account = "new" | "existing";

export function InvitePage() {
  const { token = "" } = useParams();
  const { state, acceptInvite } = useAuth();
  const navigate = useNavigate();
  const [account, setAccount] = useState<Account>("new");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useMutation({
    mutationFn: () => acceptInvite(account === "new" ? { token, name, password } : { token, password }),
    onSuccess: () => navigate("/", { replace: true }),
  });
  const errors = fieldErrors(accept.error);

  return (
    <>
      <h1>Join an organization</h1>
      <p className="muted">You've been invited to Fluxo. Set up your account, or use the one you have.</p>
      {state.status === "signed_in" && (
        <Notice tone="warn">
          You're signed in as {state.user.email}. Joining signs you in as the invited account instead.
        </Notice>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          accept.mutate();
        }}
      >
        <fieldset className="choice">
          <legend>Do you have a Fluxo account?</legend>
          <label className="inline">
            <input
              className="choice-input"
              type="radio"
              name="account"
              checked={account === "new"}
              onChange={() => setAccount("new")}
            />
            No, create my account
          </label>
          <label className="inline">
            <input
              className="choice-input"
              type="radio"
              name="account"
              checked={account === "existing"}
              onChange={() => setAccount("existing")}
            />
            Yes, with the invited email
          </label>
        </fieldset>
        {account === "new" && (
          <TextField
            label="Your name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
        )}
        <TextField
          label="Password"
          type="password"
          autoComplete={account === "new" ? "new-password" : "current-password"}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={account === "new" ? PASSWORD_HINT : "The password of your existing account."}
          error={errors.password}
        />
        <FormError error={accept.error} fields={["name", "password"]} title="Couldn't join" />
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={accept.isPending || !token}>
            {accept.isPending ? "Joining…" : "Join organization"}
          </Button>
        </div>
      </form>
    </>
  );
}
