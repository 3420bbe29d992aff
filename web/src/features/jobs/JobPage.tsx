/**
 * `/jobs/:id`: one runbook execution, live. A job is a run, so the page follows it with the run page's live client
 * (`useRunEvents`: the run WebSocket, replay after reconnects) and reuses its overview, approval card, steps and
 * logs; the job API adds the runbook, inputs, output and artifacts, refetched whenever the run's status moves.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import type { RunStatus, StepView } from "../../../../worker/contracts/runs";
import { useCan } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { Card, ErrorNotice, PageHeader, QueryState } from "../../ui";
import { RiskBadge } from "../runbooks/RiskBadge";
import { ApprovalCard } from "../runs/ApprovalCard";
import { waitingApprovals } from "../runs/approval-request";
import { Fact } from "../runs/Fact";
import { JsonBlock } from "../runs/JsonBlock";
import { LiveIndicator } from "../runs/LiveIndicator";
import { RunControls } from "../runs/RunControls";
import { RunLogs } from "../runs/RunLogs";
import { RunOverview } from "../runs/RunOverview";
import { useNow, useRunDetail, useRunSteps } from "../runs/run-queries";
import { isLiveRun } from "../runs/run-status";
import { StepDetail } from "../runs/StepDetail";
import { StepsTable } from "../runs/StepsTable";
import { needsSafetyPoll } from "../runs/socket-connection";
import { selectedStepId } from "../runs/step-selection";
import { useRunEvents } from "../runs/use-run-events";
import { JobArtifacts } from "./JobArtifacts";
import { type JobDetail, jobKeys, useJob } from "./job-api";

/** The job page for the `:id` route param; another id mounts a fresh page with its own socket. */
export function JobPage() {
  const { id = "" } = useParams();
  return <LiveJobPage key={id} id={id} />;
}

function LiveJobPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const live = useRunEvents(id);
  const poll = needsSafetyPoll(live.connection);
  const run = useRunDetail(id, { poll, header: live.header });
  const job = useJob(id);
  const status = run.data?.status;
  const now = useNow(status !== undefined && isLiveRun(status));

  // The job's output and artifacts are written as the run moves (and at its end): refetch them on every change.
  useEffect(() => {
    if (status === undefined) return;
    void queryClient.invalidateQueries({ queryKey: jobKeys.detail(id) });
    void queryClient.invalidateQueries({ queryKey: jobKeys.artifacts(id) });
  }, [status, id, queryClient]);

  const title = job.data ? job.data.title || job.data.runbook : "Job";
  return (
    <>
      <p className="small">
        <Link to="/jobs">← All jobs</Link>
      </p>
      <PageHeader
        title={title}
        description={`Job ${id}`}
        actions={
          <div className="run-header-actions">
            <LiveIndicator connection={live.connection} />
            {run.data && isLiveRun(run.data.status) && <RunControls run={run.data} />}
          </div>
        }
      />
      <QueryState query={run} errorTitle="Couldn't load this job" />
      {run.data && <RunOverview run={run.data} now={now} />}
      {job.error && <ErrorNotice error={job.error} title="Couldn't load the job's details" />}
      {job.data && <JobFacts job={job.data} />}
      {run.data && (
        <JobSteps
          runId={id}
          status={run.data.status}
          currentNodeId={run.data.current_step?.node_id ?? null}
          poll={poll}
        />
      )}
      <Card title="Logs">
        <RunLogs runId={id} />
      </Card>
      {job.data && run.data && !isLiveRun(run.data.status) && (
        <Card title="Output">
          <JsonBlock label="Output" value={job.data.output} />
        </Card>
      )}
      <Card title="Artifacts">
        <JobArtifacts jobId={id} />
      </Card>
    </>
  );
}

function JobFacts({ job }: { job: JobDetail }) {
  return (
    <Card title="Job">
      <dl className="facts">
        <Fact term="Runbook">
          <Link to={`/runbooks/${encodeURIComponent(job.runbook)}`}>{job.title || job.runbook}</Link>
        </Fact>
        <Fact term="Risk">
          <RiskBadge risk={job.risk} />
        </Fact>
        <Fact term="Mode">{job.dry_run ? "Dry run" : "Real run"}</Fact>
        <Fact term="Started by">{job.created_by ?? "—"}</Fact>
        <Fact term="Created">{formatDateTime(job.created_at)}</Fact>
      </dl>
      {job.error && (
        <p className="field-error">
          <code>{job.error.code}</code> {job.error.message}
        </p>
      )}
      <JsonBlock label="Inputs" value={job.inputs} />
    </Card>
  );
}

/** Waiting approvals (a high-risk job waits for one before its first step), then the steps with the chosen one. */
function JobSteps({
  runId,
  status,
  currentNodeId,
  poll,
}: {
  runId: string;
  status: RunStatus;
  currentNodeId: string | null;
  poll: boolean;
}) {
  const canDecide = useCan("runs:control");
  const live = isLiveRun(status);
  const now = useNow(live);
  const steps = useRunSteps(runId, status, { poll });
  const [chosen, setChosen] = useState<string | null>(null);
  const items: StepView[] = steps.data?.items ?? [];
  // Like the run page: the chosen step, else the one that needs attention (waiting, failed, running), else the first.
  const selected = selectedStepId(items, chosen, currentNodeId);
  const selectedStep = items.find((step) => step.node_id === selected);

  return (
    <>
      {live &&
        waitingApprovals(items).map((request) => (
          <ApprovalCard key={request.nodeId} runId={runId} request={request} canDecide={canDecide} />
        ))}
      <Card title="Steps">
        <QueryState query={steps} errorTitle="Couldn't load the steps" />
        {steps.data && items.length === 0 && <p className="muted">No step has started yet.</p>}
        {items.length > 0 && (
          <div className="run-steps">
            <StepsTable steps={items} selectedNodeId={selected} onSelect={setChosen} now={now} />
            {selectedStep && <StepDetail step={selectedStep} now={now} />}
          </div>
        )}
      </Card>
    </>
  );
}
