/** The app shell: sidebar navigation, a topbar (org switcher, who I am, theme, sign out), and the page outlet. */
import { useMutation } from "@tanstack/react-query";
import { NavLink, Outlet } from "react-router";
import { OrgSwitcher } from "../features/auth/OrgSwitcher";
import { useAuth } from "../lib/auth";
import { Button, ErrorNotice } from "../ui";
import { navFor } from "./nav";
import { useTheme } from "./theme";

export function Layout() {
  const { theme, toggle } = useTheme();
  const { state, role, signOut } = useAuth();
  const leave = useMutation({ mutationFn: signOut });
  const user = state.status === "signed_in" ? state.user : null;
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Fluxo</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {(role ? navFor(role) : []).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <OrgSwitcher />
          <div className="topbar-end">
            {user && (
              <span className="topbar-user">
                <span>{user.name}</span>
                <span className="muted small">{user.email}</span>
              </span>
            )}
            <Button
              variant="ghost"
              onClick={toggle}
              aria-label={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
            >
              {theme === "dark" ? "☀ Light" : "☾ Dark"}
            </Button>
            <Button onClick={() => leave.mutate()} disabled={leave.isPending}>
              Sign out
            </Button>
          </div>
        </header>
        <main className="content">
          {leave.error && <ErrorNotice error={leave.error} title="Couldn't sign out" />}
          <Outlet />
        </main>
      </div>
    </div>
  );
}
