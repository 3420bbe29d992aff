/**
 * `/runs/:id`: one run, live. Overview, waiting approvals, the pinned version's graph coloured by step status,
 * the steps and the selected step in detail, and Cancel while the run is live. Polls every second until the run
 * has finished. The selected step is kept in the address (`?step=`) so a link shows the same step.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import type { RunDetail, StepView } from "../../../../worker/contracts/runs";
import { api, unwrap } from "../../lib/api";
import { useCan } from "../../lib/auth";
import { Card, ConfirmButton, ErrorNotice, PageHeader } from "../../ui";
import { ApprovalCard } from "./ApprovalCard";
import { waitingApprovals } from "./approval-request";
import { RunGraph } from "./RunGraph";
import { RunOverview } from "./RunOverview";
import { refreshRun, useNow, useRunDetail, useRunSteps, useWorkflowList, useWorkflowVersion } from "./run-queries";
import { isLiveRun } from "./run-status";
import { StepDetail } from "./StepDetail";
import { StepsTable } from "./StepsTable";
import { selectedStepId } from "./step-selection";

/** The run page for the `:id` route param. */
export function RunPage() {
  const { id = "" } = useParams();
  const run = useRunDetail(id);
  const workflows = useWorkflowList();
  const name = workflows.data?.items.find((workflow) => workflow.id === run.data?.workflow_id)?.name;

  return (
    <>
      <p className="small">
        <Link to="/runs">← All runs</Link>
      </p>
      <PageHeader
        title={name ?? "Run"}
        description={`Run ${id}`}
        actions={run.data && isLiveRun(run.data.status) && <CancelRun runId={id} />}
      />
      {run.isPending && <p className="muted">Loading…</p>}
      {run.error && <ErrorNotice error={run.error} title="Couldn't load this run" />}
      {run.data && <RunBody run={run.data} />}
    </>
  );
}

function RunBody({ run }: { run: RunDetail }) {
  const canControl = useCan("runs:control");
  const live = isLiveRun(run.status);
  const now = useNow(live);
  const steps = useRunSteps(run.id, run.status);
  const version = useWorkflowVersion(run.workflow_id, run.version);
  const [params, setParams] = useSearchParams();
  const items: StepView[] = steps.data?.items ?? [];
  const selected = selectedStepId(items, params.get("step"), run.current_step?.node_id ?? null);
  const selectedStep = items.find((step) => step.node_id === selected);
  const select = (nodeId: string) => setParams({ step: nodeId }, { replace: true });

  return (
    <>
      <RunOverview run={run} now={now} />
      {live &&
        waitingApprovals(items).map((request) => (
          <ApprovalCard key={request.nodeId} runId={run.id} request={request} canDecide={canControl} />
        ))}
      <Card title={`Workflow graph (version ${run.version})`}>
        {version.isPending && <p className="muted">Loading the graph…</p>}
        {version.error && <ErrorNotice error={version.error} title="Couldn't load the workflow version" />}
        {version.data && (
          <RunGraph graph={version.data.graph} steps={items} selectedNodeId={selected} onSelect={select} />
        )}
      </Card>
      <Card title="Steps">
        {steps.isPending && <p className="muted">Loading…</p>}
        {steps.error && <ErrorNotice error={steps.error} title="Couldn't load the steps" />}
        {items.length > 0 && (
          <div className="run-steps">
            <StepsTable steps={items} selectedNodeId={selected} onSelect={select} now={now} />
            {selectedStep && <StepDetail step={selectedStep} now={now} />}
          </div>
        )}
      </Card>
    </>
  );
}

function CancelRun({ runId }: { runId: string }) {
  const canControl = useCan("runs:control");
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => unwrap(api.api.v1.runs[":id"].cancel.$post({ param: { id: runId }, json: {} })),
    onSettled: () => refreshRun(queryClient, runId),
  });
  if (!canControl) return null;
  return (
    <div className="run-cancel">
      <ConfirmButton
        label="Cancel run"
        question="Cancel this run? Steps in progress stop and it can't be resumed."
        confirmLabel="Yes, cancel run"
        onConfirm={() => cancel.mutate()}
        busy={cancel.isPending}
      />
      {cancel.error && <ErrorNotice error={cancel.error} title="Couldn't cancel the run" />}
    </div>
  );
}
