/** The frame of the pages used without a session (login, register, invite): a centered card, no sidebar. */
import { Outlet } from "react-router";
import { useTheme } from "../../app/theme";
import { useAuth } from "../../lib/auth";
import { Button } from "../../ui";

export function AuthLayout() {
  const { state } = useAuth();
  const { theme, toggle } = useTheme();
  return (
    <div className="auth-page">
      <div className="auth-theme">
        <Button
          variant="ghost"
          onClick={toggle}
          aria-label={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
        >
          {theme === "dark" ? "☀ Light" : "☾ Dark"}
        </Button>
      </div>
      <main className="auth-card">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Fluxo</span>
        </div>
        {/* Until we know whether a session exists, a form would only flash and vanish. */}
        {state.status === "restoring" ? <p className="muted">Loading…</p> : <Outlet />}
      </main>
    </div>
  );
}
