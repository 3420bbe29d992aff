/** `/login`: email and password; on success back to where the auth gate found you. */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { useAuth } from "../../lib/auth";
import { Button, ErrorNotice, Notice, TextField } from "../../ui";
import { safeNextPath } from "./next-path";

export function LoginPage() {
  const { state, signIn } = useAuth();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({ mutationFn: () => signIn({ email, password }) });

  if (state.status === "signed_in") return <Navigate to={next} replace />;
  const registerLink = next === "/" ? "/register" : `/register?next=${encodeURIComponent(next)}`;

  return (
    <>
      <h1>Sign in</h1>
      {state.status === "signed_out" && state.reason === "expired" && (
        <Notice tone="warn">Your session has ended. Sign in again to continue.</Notice>
      )}
      {state.status === "unavailable" && <ErrorNotice error={state.error} title="Fluxo can't be reached" />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          login.mutate();
        }}
      >
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {login.error && <ErrorNotice error={login.error} title="Sign-in failed" />}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={login.isPending}>
            {login.isPending ? "Signing in…" : "Sign in"}
          </Button>
        </div>
      </form>
      <p className="muted small">
        New to Fluxo? <Link to={registerLink}>Create an account</Link>
      </p>
    </>
  );
}
