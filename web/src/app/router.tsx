import { createBrowserRouter } from "react-router";
import { AuditPage } from "../features/audit/AuditPage";
import { AutomationsPage } from "../features/automations/AutomationsPage";
import { DashboardPage } from "../features/dashboard/DashboardPage";
import { MarketplacePage } from "../features/marketplace/MarketplacePage";
import { RunbooksPage } from "../features/runbooks/RunbooksPage";
import { RunsPage } from "../features/runs/RunsPage";
import { SettingsPage } from "../features/settings/SettingsPage";
import { WorkflowsPage } from "../features/workflows/WorkflowsPage";
import { Layout } from "./Layout";
import { NotFoundPage } from "./NotFoundPage";

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: "workflows/*", element: <WorkflowsPage /> },
      { path: "runs/*", element: <RunsPage /> },
      { path: "runbooks/*", element: <RunbooksPage /> },
      { path: "marketplace/*", element: <MarketplacePage /> },
      { path: "automations/*", element: <AutomationsPage /> },
      { path: "settings/*", element: <SettingsPage /> },
      { path: "audit", element: <AuditPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
