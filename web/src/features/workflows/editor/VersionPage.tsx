/** `/workflows/:id/versions/:version`: a published version's graph, read-only, with a link back to the draft. */
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { formatDateTime } from "../../../lib/format";
import { Card, ErrorNotice, PageHeader } from "../../../ui";
import { toCanvas } from "../canvas/to-canvas";
import { workflowApi, workflowKeys } from "../workflow-api";
import type { Selection } from "./canvas-sync";
import { readDraft } from "./draft";
import { EditorCanvas } from "./EditorCanvas";
import { PropertiesPanel } from "./PropertiesPanel";
import { useMemberNames, VersionHistory } from "./VersionHistory";

/** The route component of `/workflows/:id/versions/:version`. */
export function VersionPage() {
  const { id = "", version: raw = "" } = useParams();
  const number = Number(raw);
  const valid = Number.isInteger(number) && number >= 1;
  const version = useQuery({
    queryKey: workflowKeys.version(id, number),
    queryFn: () => workflowApi.version(id, number),
    enabled: valid,
  });
  const back = <Link to={`/workflows/${id}`}>Back to draft</Link>;

  if (!valid || version.error) {
    return (
      <>
        <PageHeader title="Workflow version" actions={back} />
        <Card>
          {version.error ? (
            <ErrorNotice error={version.error} title="Couldn't open this version" />
          ) : (
            <p>There is no version “{raw}”.</p>
          )}
        </Card>
      </>
    );
  }
  if (version.isPending) return <PageHeader title="Loading version…" actions={back} />;
  return <VersionView workflowId={id} version={version.data} back={back} />;
}

function VersionView({
  workflowId,
  version,
  back,
}: {
  workflowId: string;
  version: Awaited<ReturnType<typeof workflowApi.version>>;
  back: ReactNode;
}) {
  const [selection, setSelection] = useState<Selection>(null);
  const nameOf = useMemberNames();
  const graph = useMemo(() => readDraft(version.graph), [version.graph]);
  const canvas = useMemo(() => toCanvas(graph), [graph]);
  return (
    <div className="wf-editor">
      <PageHeader title={`${version.name} — version ${version.version}`} description="Read-only" actions={back} />
      <p className="wf-meta small muted">
        Published {formatDateTime(version.published_at)} by {nameOf(version.published_by)}
        {version.note ? ` · ${version.note}` : ""}
      </p>
      <div className="wf-editor-body wf-editor-readonly">
        <div className="wf-editor-main">
          <EditorCanvas nodes={canvas.nodes} edges={canvas.edges} selection={selection} onSelect={setSelection} />
        </div>
        <PropertiesPanel
          graph={graph}
          issues={[]}
          canvasEdges={canvas.edges}
          selection={selection}
          onSelect={setSelection}
        />
      </div>
      <VersionHistory workflowId={workflowId} current={version.version} />
    </div>
  );
}
