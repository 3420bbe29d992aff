/**
 * For pages anyone may see (the marketplace catalog): signed-in people get the full app shell,
 * visitors a slim public header with a sign-in link. Write actions hide themselves by permission.
 */
import { Link, Outlet, useLocation } from "react-router";
import { useAuth } from "../lib/auth";
import { Layout } from "./Layout";

export function PublicOrSignedIn() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === "restoring") {
    return (
      <div className="auth-page">
        <p className="muted">Loading…</p>
      </div>
    );
  }
  if (state.status === "signed_in") return <Layout />;
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="public-shell">
      <header className="topbar">
        <Link to="/marketplace" className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Fluxo Marketplace</span>
        </Link>
        <Link to={`/login?next=${next}`}>Sign in</Link>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
