/** The published versions of a workflow, newest first; each opens a read-only view of its graph. */
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../../../lib/api";
import { formatDateTime } from "../../../lib/format";
import { ErrorNotice } from "../../../ui";
import { workflowApi, workflowKeys } from "../workflow-api";

/** Member names by user id, for "published by" (falls back to the id while loading or for former members). */
export function useMemberNames(): (userId: string) => string {
  const members = useQuery({ queryKey: ["members"], queryFn: () => unwrap(api.api.v1.members.$get()) });
  const names = new Map(members.data?.items.map((member) => [member.user_id, member.name || member.email]));
  return (userId) => names.get(userId) ?? userId;
}

/** The version list; `current` marks the version being viewed (not a link). */
export function VersionHistory({ workflowId, current }: { workflowId: string; current?: number }) {
  const versions = useQuery({
    queryKey: workflowKeys.versions(workflowId),
    queryFn: () => workflowApi.versions(workflowId),
  });
  const nameOf = useMemberNames();
  return (
    <section className="wf-versions" aria-label="Version history">
      <h2 className="wf-panel-title">Version history</h2>
      {versions.isPending && <p className="muted small">Loading…</p>}
      {versions.error && <ErrorNotice error={versions.error} title="Couldn't load the versions" />}
      {versions.data?.items.length === 0 && <p className="muted small">Not published yet.</p>}
      <ol>
        {versions.data?.items.map((version) => (
          <li key={version.version}>
            {version.version === current ? (
              <strong aria-current="page">Version {version.version}</strong>
            ) : (
              <Link to={`/workflows/${workflowId}/versions/${version.version}`}>Version {version.version}</Link>
            )}
            <span className="muted small">
              {" "}
              · {formatDateTime(version.published_at)} · {nameOf(version.published_by)}
            </span>
            {version.note && <div className="small">{version.note}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
