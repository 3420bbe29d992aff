/**
 * `/runs/:id`: one run, live without reloads. The run's event socket (`useRunEvents`) updates the header the moment
 * something happens and refreshes the steps and logs; the API is polled slowly only while that socket is down. The
 * header carries the connection indicator and the controls the person's role allows.
 */
import { Link, useParams } from "react-router";
import { PageHeader, QueryState } from "../../ui";
import { LiveIndicator } from "./LiveIndicator";
import { RunBody } from "./RunBody";
import { RunControls } from "./RunControls";
import { useRunDetail, useWorkflowList } from "./run-queries";
import { needsSafetyPoll } from "./socket-connection";
import { useRunEvents } from "./use-run-events";

/** The run page for the `:id` route param; a new id (a retry, a rerun) mounts a fresh page with its own socket. */
export function RunPage() {
  const { id = "" } = useParams();
  return <LiveRunPage key={id} id={id} />;
}

function LiveRunPage({ id }: { id: string }) {
  const live = useRunEvents(id);
  const poll = needsSafetyPoll(live.connection);
  const run = useRunDetail(id, { poll, header: live.header });
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
        actions={
          <div className="run-header-actions">
            <LiveIndicator connection={live.connection} />
            {run.data && <RunControls run={run.data} />}
          </div>
        }
      />
      <QueryState query={run} errorTitle="Couldn't load this run" />
      {run.data && <RunBody run={run.data} events={live.events} poll={poll} />}
    </>
  );
}
