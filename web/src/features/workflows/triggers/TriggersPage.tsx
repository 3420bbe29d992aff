/** `/workflows/:id/triggers`: the workflow's schedule, webhook triggers and event triggers (read-only for viewers). */
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useCan } from "../../../lib/auth";
import { Card, ErrorNotice, Notice, PageHeader } from "../../../ui";
import { workflowApi, workflowKeys } from "../workflow-api";
import { EventTriggers } from "./EventTriggers";
import { exampleBody } from "./example-body";
import { ScheduleCard } from "./ScheduleCard";
import { WebhookTriggers } from "./WebhookTriggers";
import { WorkflowTabs } from "./WorkflowTabs";

/** The route component of `/workflows/:id/triggers`. */
export function TriggersPage() {
  const { id = "" } = useParams();
  const canWrite = useCan("workflows:write");
  const workflow = useQuery({ queryKey: workflowKeys.detail(id), queryFn: () => workflowApi.get(id) });
  const back = <Link to="/workflows">All workflows</Link>;

  if (workflow.isPending) return <PageHeader title="Loading workflow…" actions={back} />;
  if (workflow.error) {
    return (
      <>
        <PageHeader title="Triggers" actions={back} />
        <Card>
          <ErrorNotice error={workflow.error} title="Couldn't open this workflow" />
        </Card>
      </>
    );
  }
  const { data } = workflow;
  return (
    <>
      <PageHeader title={data.name} description="Triggers: what starts this workflow" actions={back} />
      <WorkflowTabs workflowId={data.id} />
      {data.latest_version === 0 && (
        <Notice tone="warn">
          This workflow has never been published. Triggers start the latest published version: publish it from the
          editor first.
        </Notice>
      )}
      {!canWrite && <Notice>You can look at this workflow's triggers, but only admins can change them.</Notice>}
      <ScheduleCard workflowId={data.id} canWrite={canWrite} />
      <WebhookTriggers
        workflowId={data.id}
        canWrite={canWrite}
        // The draft's input schema: what the next published version will most likely expect.
        exampleInput={exampleBody(data.draft.graph.input_schema)}
      />
      <EventTriggers workflowId={data.id} canWrite={canWrite} />
    </>
  );
}
