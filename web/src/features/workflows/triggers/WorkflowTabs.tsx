/** The tab bar of a workflow's pages: "Editor" (`/workflows/:id`) and "Triggers" (`/workflows/:id/triggers`). */
import { NavLink } from "react-router";
import "./triggers.css";

/** Links to a workflow's editor and triggers; the current one is marked with `aria-current="page"`. */
export function WorkflowTabs({ workflowId }: { workflowId: string }) {
  const base = `/workflows/${encodeURIComponent(workflowId)}`;
  const className = ({ isActive }: { isActive: boolean }) => `wf-tab${isActive ? " wf-tab-active" : ""}`;
  return (
    <nav className="wf-tabs" aria-label="Workflow">
      <NavLink to={base} end className={className}>
        Editor
      </NavLink>
      <NavLink to={`${base}/triggers`} className={className}>
        Triggers
      </NavLink>
    </nav>
  );
}
