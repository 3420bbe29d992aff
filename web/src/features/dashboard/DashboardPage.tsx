import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api";
import { Badge, Card, ErrorNotice, PageHeader } from "../../ui";

/** Dashboard: service health for now; live run counts and the org feed come with live runs. */
export function DashboardPage() {
  const health = useQuery({ queryKey: ["health"], queryFn: () => unwrap(api.api.v1.health.$get()) });
  return (
    <>
      <PageHeader title="Dashboard" description="Your workflows and runs at a glance." />
      <Card title="Service">
        {health.isPending && <p className="muted">Checking…</p>}
        {health.error && <ErrorNotice error={health.error} title="Health check failed" />}
        {health.data && (
          <p>
            API <Badge tone={health.data.status === "ok" ? "ok" : "warn"}>{health.data.status}</Badge> · database{" "}
            <Badge tone={health.data.checks.database.status === "ok" ? "ok" : "error"}>
              {health.data.checks.database.status}
            </Badge>{" "}
            <span className="muted small">v{health.data.version}</span>
          </p>
        )}
      </Card>
    </>
  );
}
