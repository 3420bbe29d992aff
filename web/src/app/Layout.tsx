import { NavLink, Outlet } from "react-router";
import { Button } from "../ui";
import { NAV_ITEMS } from "./nav";
import { useTheme } from "./theme";

/** The app shell: sidebar navigation, a header with the theme toggle, and the page outlet. */
export function Layout() {
  const { theme, toggle } = useTheme();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Fluxo</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV_ITEMS.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={"end" in item ? item.end : false}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <div />
          <Button
            variant="ghost"
            onClick={toggle}
            aria-label={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
          >
            {theme === "dark" ? "☀ Light" : "☾ Dark"}
          </Button>
        </header>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
