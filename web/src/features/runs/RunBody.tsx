/**
 * The run page's body: overview, the review form of a run preflight held back, waiting approvals, where a rerun
 * came from, the graph, the steps with the selected one in detail (and Rerun from it once the run has finished),
 * the timeline, the logs and the events received live. The selected step is kept in the address (`?step=`).
 */
import { Link, useSearchParams } from "react-router";
import type { RunEventV1 } from "../../../../worker/contracts/run-events";
import type { RunDetail, StepView } from "../../../../worker/contracts/runs";
import { useCan } from "../../lib/auth";
import { Card, ErrorNotice, Notice, QueryState } from "../../ui";
import { AskAiPanel } from "../ai/AskAiPanel";
import { ApprovalCard } from "./ApprovalCard";
import { waitingApprovals } from "./approval-request";
import { RerunFromStep } from "./RerunFromStep";
import { ReviewResume } from "./ReviewResume";
import { RunEventsList } from "./RunEventsList";
import { RunGraph } from "./RunGraph";
import { RunLogs } from "./RunLogs";
import { RunOverview } from "./RunOverview";
import { RunTimeline } from "./RunTimeline";
import { canRerun, type RerunOrigin, rerunOrigin, runControls } from "./run-actions";
import { useNow, useRunSteps, useWorkflowVersion } from "./run-queries";
import { isLiveRun } from "./run-status";
import { StepDetail } from "./StepDetail";
import { StepsTable } from "./StepsTable";
import { selectedStepId } from "./step-selection";

/** `events`: what the live socket delivered; `poll`: the socket is down, so the steps poll slowly. */
export function RunBody({ run, events, poll }: { run: RunDetail; events: readonly RunEventV1[]; poll: boolean }) {
  const can = { control: useCan("runs:control"), start: useCan("runs:start") };
  const live = isLiveRun(run.status);
  const now = useNow(live);
  const steps = useRunSteps(run.id, run.status, { poll });
  const version = useWorkflowVersion(run.workflow_id, run.version);
  const [params, setParams] = useSearchParams();
  const items: StepView[] = steps.data?.items ?? [];
  const selected = selectedStepId(items, params.get("step"), run.current_step?.node_id ?? null);
  const selectedStep = items.find((step) => step.node_id === selected);
  const select = (nodeId: string) => setParams({ step: nodeId }, { replace: true });
  const origin = rerunOrigin(run);
  const reused = new Set(origin?.reused ?? []);

  return (
    <>
      <RunOverview run={run} now={now} />
      {run.status === "failed" && <AskAiPanel runId={run.id} />}
      {origin && <RerunNotice origin={origin} steps={items} />}
      {runControls(run, can).includes("review") && <ReviewResume key={run.id} run={run} />}
      {live &&
        waitingApprovals(items).map((request) => (
          <ApprovalCard key={request.nodeId} runId={run.id} request={request} canDecide={can.control} />
        ))}
      <Card title={`Workflow graph (version ${run.version})`}>
        {version.isPending && <p className="muted">Loading the graph…</p>}
        {version.error && <ErrorNotice error={version.error} title="Couldn't load the workflow version" />}
        {version.data && (
          <RunGraph graph={version.data.graph} steps={items} selectedNodeId={selected} onSelect={select} />
        )}
      </Card>
      <Card title="Steps">
        <QueryState query={steps} errorTitle="Couldn't load the steps" />
        {items.length > 0 && (
          <div className="run-steps">
            <StepsTable steps={items} selectedNodeId={selected} onSelect={select} now={now} reused={reused} />
            {selectedStep && (
              <StepDetail step={selectedStep} now={now} reused={reused.has(selectedStep.node_id)}>
                {canRerun(run.status, can) && (
                  <RerunFromStep
                    key={selectedStep.node_id}
                    runId={run.id}
                    nodeId={selectedStep.node_id}
                    stepName={selectedStep.name}
                  />
                )}
              </StepDetail>
            )}
          </div>
        )}
      </Card>
      {items.length > 0 && (
        <Card title="Timeline">
          <RunTimeline steps={items} run={run} now={now} selectedNodeId={selected} onSelect={select} />
        </Card>
      )}
      <Card title="Logs">
        <RunLogs runId={run.id} />
      </Card>
      {events.length > 0 && (
        <Card title="Events">
          <details>
            <summary>
              {events.length} event{events.length === 1 ? "" : "s"} received live
            </summary>
            <RunEventsList events={events} />
          </details>
        </Card>
      )}
    </>
  );
}

/** Where a rerun came from and which steps it reused instead of running. */
function RerunNotice({ origin, steps }: { origin: RerunOrigin; steps: readonly StepView[] }) {
  const name = (nodeId: string) => steps.find((step) => step.node_id === nodeId)?.name ?? nodeId;
  return (
    <Notice title="Rerun">
      <p>
        Rerun of <Link to={`/runs/${origin.rerunOf}`}>run {origin.rerunOf}</Link>
        {origin.fromStep && <> from step “{name(origin.fromStep)}”</>}.{" "}
        {origin.reused.length > 0
          ? `Reused from that run (not run again): ${origin.reused.map(name).join(", ")}.`
          : "No earlier step could be reused."}
      </p>
    </Notice>
  );
}
