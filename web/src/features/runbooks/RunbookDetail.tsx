/**
 * `/runbooks/:name`: what the runbook does, how risky it is, and the form to execute it: inputs generated from its
 * JSON Schema, a connection picker per required slot, dry run when supported. Execute answers 202 with a job id and
 * the page moves to that job.
 */
import { Link, useParams } from "react-router";
import { useCan } from "../../lib/auth";
import { Card, Notice, PageHeader, QueryState } from "../../ui";
import { RiskBadge } from "./RiskBadge";
import { RunbookForm } from "./RunbookForm";
import { RISK_LOOK } from "./risk";
import { useRunbook } from "./runbook-api";

export function RunbookDetail() {
  const { name = "" } = useParams();
  const runbook = useRunbook(name);
  const canExecute = useCan("runbooks:execute");
  const data = runbook.data;

  return (
    <>
      <p className="small">
        <Link to="/runbooks">← All runbooks</Link>
      </p>
      <PageHeader
        title={data?.title ?? "Runbook"}
        description={data ? `${data.category} · version ${data.version}` : name}
      />
      <QueryState query={runbook} errorTitle="Couldn't load this runbook" />
      {data && (
        <>
          <Card title="About">
            <p className="rb-card-meta">
              <RiskBadge risk={data.risk} />
              {data.supports_dry_run && <span className="muted small">Supports dry run</span>}
            </p>
            <p className="rb-description">{data.description}</p>
            {data.risk === "low" ? null : (
              <Notice tone="warn" title="Before you execute">
                {RISK_LOOK[data.risk].notice}
              </Notice>
            )}
          </Card>
          <Card title="Execute">
            {canExecute ? (
              <RunbookForm key={`${data.name}@${data.version}`} runbook={data} />
            ) : (
              <Notice>Your role can view runbooks but not execute them.</Notice>
            )}
          </Card>
        </>
      )}
    </>
  );
}
