/** The routes: sign-in pages in a bare frame, everything else behind the auth gate in the app shell. */
import { createBrowserRouter } from "react-router";
import { AuditPage } from "../features/audit/AuditPage";
import { AuthLayout } from "../features/auth/AuthLayout";
import { InvitePage } from "../features/auth/InvitePage";
import { LoginPage } from "../features/auth/LoginPage";
import { RegisterPage } from "../features/auth/RegisterPage";
import { RequireAuth } from "../features/auth/RequireAuth";
import { AutomationsPage } from "../features/automations/AutomationsPage";
import { DashboardPage } from "../features/dashboard/DashboardPage";
import { JobsPage } from "../features/jobs/JobsPage";
import { MarketplacePage } from "../features/marketplace/MarketplacePage";
import { RunbooksPage } from "../features/runbooks/RunbooksPage";
import { RunnersPage } from "../features/runners/RunnersPage";
import { RunsPage } from "../features/runs/RunsPage";
import { ApiKeysSettings } from "../features/settings/api-keys/ApiKeysSettings";
import { ConnectionsSettings } from "../features/settings/connections/ConnectionsSettings";
import { LimitsSettings } from "../features/settings/limits/LimitsSettings";
import { McpServersSettings } from "../features/settings/mcp/McpServersSettings";
import { MembersSettings } from "../features/settings/members/MembersSettings";
import { OrganizationSettings } from "../features/settings/OrganizationSettings";
import { ToolPoliciesSettings } from "../features/settings/policies/ToolPoliciesSettings";
import { SettingsPage } from "../features/settings/SettingsPage";
import { UsageSettings } from "../features/settings/usage/UsageSettings";
import { WorkflowsPage } from "../features/workflows/WorkflowsPage";
import { Layout } from "./Layout";
import { NotFoundPage } from "./NotFoundPage";
import { PublicOrSignedIn } from "./PublicOrSignedIn";

export const router = createBrowserRouter([
  {
    element: <AuthLayout />,
    children: [
      { path: "login", element: <LoginPage /> },
      { path: "register", element: <RegisterPage /> },
      { path: "invite/:token", element: <InvitePage /> },
    ],
  },
  {
    // The marketplace catalog is public: visitors browse it without signing in.
    element: <PublicOrSignedIn />,
    children: [{ path: "marketplace/*", element: <MarketplacePage /> }],
  },
  {
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: "workflows/*", element: <WorkflowsPage /> },
      { path: "runs/*", element: <RunsPage /> },
      { path: "runbooks/*", element: <RunbooksPage /> },
      { path: "jobs/*", element: <JobsPage /> },
      { path: "runners/*", element: <RunnersPage /> },
      { path: "automations/*", element: <AutomationsPage /> },
      {
        path: "settings",
        element: <SettingsPage />,
        children: [
          { index: true, element: <OrganizationSettings /> },
          { path: "members", element: <MembersSettings /> },
          { path: "api-keys", element: <ApiKeysSettings /> },
          { path: "connections", element: <ConnectionsSettings /> },
          { path: "mcp", element: <McpServersSettings /> },
          { path: "policies", element: <ToolPoliciesSettings /> },
          { path: "limits", element: <LimitsSettings /> },
          { path: "usage", element: <UsageSettings /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
      { path: "audit", element: <AuditPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
