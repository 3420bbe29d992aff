/** `/register`: a new account and its organization (you become the owner). */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { useAuth } from "../../lib/auth";
import { fieldErrors } from "../../lib/form-errors";
import { Button, FormError, TextField } from "../../ui";
import { safeNextPath } from "./next-path";

const FIELDS = ["email", "password", "name", "org_name"] as const;

/** What the server's password rules ask for (worker/auth/password.ts), said up front. */
export const PASSWORD_HINT = "At least 10 characters. Not a common password, and not your name or email.";

export function RegisterPage() {
  const { state, register } = useAuth();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const [form, setForm] = useState({ email: "", password: "", name: "", org_name: "" });
  const submit = useMutation({ mutationFn: () => register(form) });
  const errors = fieldErrors(submit.error);

  if (state.status === "signed_in") return <Navigate to={next} replace />;
  const set = (field: (typeof FIELDS)[number]) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <>
      <h1>Create your account</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit.mutate();
        }}
      >
        <TextField
          label="Your name"
          autoComplete="name"
          required
          value={form.name}
          onChange={set("name")}
          error={errors.name}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={set("email")}
          error={errors.email}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={set("password")}
          hint={PASSWORD_HINT}
          error={errors.password}
        />
        <TextField
          label="Organization name"
          autoComplete="organization"
          required
          value={form.org_name}
          onChange={set("org_name")}
          error={errors.org_name}
        />
        <FormError error={submit.error} fields={FIELDS} title="Couldn't create the account" />
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={submit.isPending}>
            {submit.isPending ? "Creating…" : "Create account"}
          </Button>
        </div>
      </form>
      <p className="muted small">
        Already have an account?{" "}
        <Link to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`}>Sign in</Link>
      </p>
    </>
  );
}
