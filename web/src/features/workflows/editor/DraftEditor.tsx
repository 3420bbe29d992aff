/** The draft editor: palette, canvas, properties, live problems, save/publish toolbar and version history. */
import { useCallback, useMemo, useReducer, useState } from "react";
import { Link } from "react-router";
import type { NodeType } from "../../../../../worker/contracts/node-types";
import { Badge, Button, Notice, PageHeader } from "../../../ui";
import type { Point } from "../canvas/layout";
import { toCanvas } from "../canvas/to-canvas";
import type { WorkflowDetailBody } from "../workflow-api";
import type { Selection } from "./canvas-sync";
import { DetailsForm } from "./DetailsForm";
import { readDraft } from "./draft";
import { type CanvasEdits, EditorCanvas, edgeKeyOf } from "./EditorCanvas";
import { EditorToolbar } from "./EditorToolbar";
import { editorReducer, initialEditorState } from "./editor-state";
import { nextNodeId, placeNewNode } from "./graph-edit";
import { IssuesList } from "./IssuesList";
import { type IssueTarget, locateIssues } from "./issues";
import { Palette } from "./Palette";
import { PropertiesPanel } from "./PropertiesPanel";
import { useLiveValidation } from "./use-live-validation";
import { VersionHistory } from "./VersionHistory";

interface DraftEditorProps {
  workflow: WorkflowDetailBody;
  maxNodes: number;
  readOnly: boolean;
  /** The workflow as the server has it now (for "Reload" after a conflicting save). */
  fetchLatest: () => Promise<WorkflowDetailBody>;
}

/** Edits one workflow's draft; mount with `key={workflow.id}` (state starts from `workflow.draft`). */
export function DraftEditor({ workflow, maxNodes, readOnly, fetchLatest }: DraftEditorProps) {
  const [state, dispatch] = useReducer(editorReducer, workflow, (loaded) =>
    initialEditorState(readDraft(loaded.draft.graph), loaded.draft.revision),
  );
  const [selection, setSelection] = useState<Selection>(null);
  const [editingDetails, setEditingDetails] = useState(false);
  const { graph } = state;
  const nodeIds = useMemo(() => graph.nodes.map((node) => node.id), [graph.nodes]);
  const rawIssues = useLiveValidation(graph, maxNodes);
  const issues = useMemo(() => locateIssues(rawIssues, nodeIds), [rawIssues, nodeIds]);
  const canvas = useMemo(() => toCanvas(graph, { issues }), [graph, issues]);

  const add = useCallback(
    (type: NodeType, position?: Point) => {
      const id = nextNodeId(graph, type);
      const anchor = selection?.kind === "node" ? selection.id : null;
      dispatch({ type: "add_node", nodeType: type, id, position: position ?? placeNewNode(graph, anchor) });
      setSelection({ kind: "node", id });
    },
    [graph, selection],
  );
  const edits = useMemo<CanvasEdits | undefined>(
    () =>
      readOnly
        ? undefined
        : {
            connect: (edge) => dispatch({ type: "connect", edge }),
            move: (positions) => dispatch({ type: "move", positions }),
            remove: (nodeIds, edges) => dispatch({ type: "remove", nodeIds, edges }),
            drop: (type, position) => add(type, position),
          },
    [readOnly, add],
  );
  const selectedEdge = selection?.kind === "edge" ? canvas.edges.find((edge) => edge.id === selection.id) : undefined;
  const deleteSelected =
    selection?.kind === "node"
      ? () => dispatch({ type: "remove", nodeIds: [selection.id], edges: [] })
      : selectedEdge
        ? () => dispatch({ type: "remove", nodeIds: [], edges: [edgeKeyOf(selectedEdge)] })
        : undefined;

  const pick = (target: IssueTarget) => {
    if (target.kind === "node") setSelection({ kind: "node", id: target.nodeId });
    else if (target.kind === "edge") {
      const edge = canvas.edges[target.edgeIndex];
      setSelection(edge ? { kind: "edge", id: edge.id } : null);
    } else setSelection(null);
  };

  return (
    <div className="wf-editor">
      <PageHeader
        title={workflow.name}
        description={workflow.description || undefined}
        actions={
          <>
            {!readOnly && !editingDetails && <Button onClick={() => setEditingDetails(true)}>Edit details</Button>}
            <Link to="/workflows">All workflows</Link>
          </>
        }
      />
      {editingDetails && <DetailsForm workflow={workflow} onDone={() => setEditingDetails(false)} />}
      <p className="wf-meta small muted">
        Draft revision {state.revision} ·{" "}
        {workflow.latest_version > 0 ? `latest version ${workflow.latest_version}` : "never published"}
        {workflow.tags.map((tag) => (
          <span key={tag} className="wf-tag">
            {tag}
          </span>
        ))}
        {workflow.is_template && <Badge tone="info">Template</Badge>}
        {workflow.status === "archived" && (
          <>
            {" "}
            <Badge tone="warn">Archived</Badge>
          </>
        )}
      </p>
      {readOnly ? (
        <Notice>You can look at this workflow, but only admins can change it.</Notice>
      ) : (
        <EditorToolbar
          workflowId={workflow.id}
          state={state}
          dispatch={dispatch}
          onReload={async () => {
            const latest = await fetchLatest();
            dispatch({ type: "load", graph: readDraft(latest.draft.graph), revision: latest.draft.revision });
            setSelection(null);
          }}
          onAutoLayout={() => dispatch({ type: "auto_layout" })}
          onDeleteSelected={
            deleteSelected &&
            (() => {
              deleteSelected();
              setSelection(null);
            })
          }
        />
      )}
      <div className={`wf-editor-body${readOnly ? " wf-editor-readonly" : ""}`}>
        {!readOnly && <Palette onAdd={(type) => add(type)} />}
        <div className="wf-editor-main">
          <EditorCanvas
            nodes={canvas.nodes}
            edges={canvas.edges}
            selection={selection}
            onSelect={setSelection}
            edits={edits}
          />
          <IssuesList issues={issues} nodeIds={nodeIds} onPick={pick} />
        </div>
        <PropertiesPanel
          graph={graph}
          issues={issues}
          canvasEdges={canvas.edges}
          selection={selection}
          onSelect={setSelection}
          dispatch={readOnly ? undefined : dispatch}
        />
      </div>
      <VersionHistory workflowId={workflow.id} />
    </div>
  );
}
