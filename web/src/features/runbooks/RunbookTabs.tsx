/** The Catalog | Jobs tabs shared by the runbooks and jobs screens (jobs are the runbooks' executions). */
import { NavLink } from "react-router";

export function RunbookTabs() {
  return (
    <nav className="subnav rb-tabs" aria-label="Runbook views">
      <ul>
        <li>
          <NavLink to="/runbooks" end>
            Catalog
          </NavLink>
        </li>
        <li>
          <NavLink to="/jobs">Jobs</NavLink>
        </li>
      </ul>
    </nav>
  );
}
