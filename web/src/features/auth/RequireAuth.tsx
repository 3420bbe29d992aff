/** The auth gate: renders its children only with a session, else sends the visitor to sign in and back. */
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "../../lib/auth";
import { Button, ErrorNotice } from "../../ui";
import { loginRedirect } from "./next-path";

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, retry } = useAuth();
  const location = useLocation();
  switch (state.status) {
    case "restoring":
      return (
        <div className="auth-page">
          <p className="muted">Loading…</p>
        </div>
      );
    case "unavailable":
      return (
        <div className="auth-page">
          <main className="auth-card">
            <ErrorNotice error={state.error} title="Fluxo can't be reached" />
            <Button variant="primary" onClick={retry}>
              Try again
            </Button>
          </main>
        </div>
      );
    case "signed_out":
      return <Navigate to={loginRedirect(location, state.reason)} replace />;
    case "signed_in":
      return children;
    default: {
      const _never: never = state;
      return _never;
    }
  }
}
