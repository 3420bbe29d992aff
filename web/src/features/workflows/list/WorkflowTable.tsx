/** The workflows table: name (opens the editor), tags, latest version, last update, and row actions for writers. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { formatDateTime } from "../../../lib/format";
import { Badge, Button, ErrorNotice } from "../../../ui";
import { type WorkflowSummaryBody, workflowApi, workflowKeys } from "../workflow-api";
import { exportFileName } from "./workflow-file";

/** The table; row actions other than Export need `canWrite`. */
export function WorkflowTable({ items, canWrite }: { items: WorkflowSummaryBody[]; canWrite: boolean }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Tags</th>
            <th scope="col">Latest version</th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((workflow) => (
            <WorkflowRow key={workflow.id} workflow={workflow} canWrite={canWrite} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Saves `data` as a file through a temporary link (the API's answer is JSON, not a navigable URL with a token). */
function download(data: unknown, fileName: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser the time to start the download before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function WorkflowRow({ workflow, canWrite }: { workflow: WorkflowSummaryBody; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: workflowKeys.all });
  const archived = workflow.status === "archived";
  const clone = useMutation({ mutationFn: () => workflowApi.clone(workflow.id), onSuccess: refresh });
  const toggleArchive = useMutation({
    mutationFn: () => (archived ? workflowApi.unarchive(workflow.id) : workflowApi.archive(workflow.id)),
    onSuccess: refresh,
  });
  const exportFile = useMutation({
    mutationFn: () => workflowApi.exportFile(workflow.id),
    onSuccess: (file) => download(file, exportFileName(workflow.name)),
  });
  const error = clone.error ?? toggleArchive.error ?? exportFile.error;
  const name = workflow.name;

  return (
    <>
      <tr>
        <td>
          <Link to={`/workflows/${workflow.id}`}>{name}</Link>{" "}
          {workflow.is_template && <Badge tone="info">Template</Badge>}{" "}
          {archived && <Badge tone="warn">Archived</Badge>}
          {workflow.description && <div className="muted small">{workflow.description}</div>}
        </td>
        <td>
          {workflow.tags.map((tag) => (
            <span key={tag} className="wf-tag">
              {tag}
            </span>
          ))}
        </td>
        <td>
          {workflow.latest_version > 0 ? `v${workflow.latest_version}` : <span className="muted">Draft only</span>}
        </td>
        <td>{formatDateTime(workflow.updated_at)}</td>
        <td className="row-actions">
          <Button aria-label={`Export ${name}`} onClick={() => exportFile.mutate()} disabled={exportFile.isPending}>
            Export
          </Button>
          {canWrite && (
            <>
              <Button aria-label={`Clone ${name}`} onClick={() => clone.mutate()} disabled={clone.isPending}>
                Clone
              </Button>
              <Button
                aria-label={`${archived ? "Unarchive" : "Archive"} ${name}`}
                onClick={() => toggleArchive.mutate()}
                disabled={toggleArchive.isPending}
              >
                {archived ? "Unarchive" : "Archive"}
              </Button>
            </>
          )}
        </td>
      </tr>
      {error && (
        <tr>
          <td colSpan={5}>
            <ErrorNotice error={error} title={`Couldn't update ${name}`} />
          </td>
        </tr>
      )}
    </>
  );
}
