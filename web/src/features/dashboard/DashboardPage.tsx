/**
 * Dashboard: the org's runs by status and a live feed of their status changes (both kept current over the org
 * feed's WebSocket), and the service's health.
 */
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { RunStatus } from "../../../../worker/contracts/runs";
import { api, unwrap } from "../../lib/api";
import { Badge, Card, ErrorNotice, PageHeader } from "../../ui";
import { LiveIndicator } from "../runs/LiveIndicator";
import { useWorkflowList } from "../runs/run-queries";
import { workflowNames } from "../runs/runs-query";
import { RunStatusBadge } from "../runs/StatusBadge";
import { countTiles, type FeedEntry } from "./feed";
import { useOrgFeed } from "./use-org-feed";
import "./dashboard.css";

/** The dashboard at `/`. */
export function DashboardPage() {
  const { connection, feed, statsError } = useOrgFeed();
  const workflows = useWorkflowList();
  const names = workflowNames(workflows.data?.items ?? []);
  return (
    <>
      <PageHeader title="Dashboard" description="Your workflows and runs at a glance." />
      <Card title="Runs by status">
        {statsError ? <ErrorNotice error={statsError} title="Couldn't load the run counts" /> : null}
        {feed.counts === null && !statsError && <p className="muted">Loading…</p>}
        {feed.counts && (
          <ul className="run-counts" aria-label="Runs by status">
            {countTiles(feed.counts).map((tile) => (
              <li key={tile.status} aria-label={`${tile.label}: ${tile.count}`}>
                <Link to={tile.href} className="run-count">
                  <span className="run-count-number">{tile.count}</span>
                  <span className="run-count-label">{tile.label}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Live activity" actions={<LiveIndicator connection={connection} name="Live feed" />}>
        {feed.recent.length === 0 ? (
          <p className="muted">Run status changes show up here as they happen.</p>
        ) : (
          <ol className="feed-list" aria-label="Live run activity">
            {feed.recent.map((entry) => (
              <FeedItem key={entry.key} entry={entry} name={names.get(entry.workflowId) ?? entry.workflowId} />
            ))}
          </ol>
        )}
      </Card>
      <ServiceHealth />
    </>
  );
}

function FeedItem({ entry, name }: { entry: FeedEntry; name: string }) {
  const status = RunStatus.safeParse(entry.status);
  return (
    <li>
      <Link to={`/runs/${entry.runId}`}>{name}</Link> <code className="small muted">{entry.runId}</code>{" "}
      {status.success ? (
        <RunStatusBadge status={status.data} waitReason={entry.waitReason} />
      ) : (
        <Badge>{entry.status}</Badge>
      )}{" "}
      <time className="small muted" dateTime={entry.at}>
        {new Date(entry.at).toLocaleTimeString()}
      </time>
    </li>
  );
}

/** The API and database health, as before live runs. */
function ServiceHealth() {
  const health = useQuery({ queryKey: ["health"], queryFn: () => unwrap(api.api.v1.health.$get()) });
  return (
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
  );
}
