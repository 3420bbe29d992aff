/** `/settings`: the settings frame, a sub-navigation of sections and the section's outlet. */
import { NavLink, Outlet } from "react-router";
import { PageHeader } from "../../ui";
import { SETTINGS_SECTIONS } from "./sections";

export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Organization, members, API keys, connections, policies and limits." />
      <div className="settings">
        <nav aria-label="Settings" className="subnav">
          <ul>
            {SETTINGS_SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={"end" in section ? section.end : false}>
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-body">
          <Outlet />
        </div>
      </div>
    </>
  );
}
