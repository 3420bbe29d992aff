/** `/workflows/:id`: loads the workflow and the org's node limit, then opens the draft editor (read-only for viewers). */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { DEFAULT_LIMITS } from "../../../../../worker/contracts/orgs";
import { useCan } from "../../../lib/auth";
import { Button, Card, ErrorNotice, PageHeader } from "../../../ui";
import { PublishDialog } from "../../marketplace/PublishDialog";
import { WorkflowTabs } from "../triggers/WorkflowTabs";
import { workflowApi, workflowKeys } from "../workflow-api";
import { DraftEditor } from "./DraftEditor";

/** The route component of `/workflows/:id`. */
export function EditorPage() {
  const { id = "" } = useParams();
  const canWrite = useCan("workflows:write");
  const canPublishToMarket = useCan("marketplace:publish");
  const [publishing, setPublishing] = useState(false);
  const queryClient = useQueryClient();
  const workflow = useQuery({ queryKey: workflowKeys.detail(id), queryFn: () => workflowApi.get(id) });
  const maxNodes = useQuery({
    queryKey: workflowKeys.currentOrg,
    queryFn: workflowApi.currentOrg,
    select: (org) => org.limits.max_nodes_per_workflow,
  });

  if (workflow.isPending) return <PageHeader title="Loading workflow…" />;
  if (workflow.error) {
    return (
      <>
        <PageHeader title="Workflow" />
        <Card>
          <ErrorNotice error={workflow.error} title="Couldn't open this workflow" />
          <Link to="/workflows">Back to workflows</Link>
        </Card>
      </>
    );
  }
  const reload = () =>
    queryClient.fetchQuery({ queryKey: workflowKeys.detail(id), queryFn: () => workflowApi.get(id), staleTime: 0 });
  return (
    <>
      <div className="wf-page-bar">
        <WorkflowTabs workflowId={workflow.data.id} />
        {canPublishToMarket && workflow.data.latest_version > 0 && (
          <Button onClick={() => setPublishing(true)}>Publish to marketplace</Button>
        )}
      </div>
      {publishing && <PublishDialog workflowId={workflow.data.id} onClose={() => setPublishing(false)} />}
      <DraftEditor
        key={workflow.data.id}
        workflow={workflow.data}
        maxNodes={maxNodes.data ?? DEFAULT_LIMITS.max_nodes_per_workflow}
        readOnly={!canWrite}
        fetchLatest={reload}
      />
    </>
  );
}
