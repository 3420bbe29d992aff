/**
 * The right-hand panel: the selected node's properties (id, name, phase, timeout, join, retry, and its config form
 * generated from the type's zod schema), the selected edge's branch, or the workflow settings when nothing is selected.
 */
import { type Dispatch, type ReactNode, type SetStateAction, useId, useMemo, useState } from "react";
import { z } from "zod";
import { getNodeType, NodeType, nodeBranches } from "../../../../../worker/contracts/node-types";
import {
  type GraphInput,
  type GraphIssue,
  NODE_COMMON_FIELDS,
  type WorkflowNodeInput,
} from "../../../../../worker/contracts/workflow";
import { Button } from "../../../ui";
import type { FluxoEdge } from "../canvas/to-canvas";
import { ConfigForm } from "./ConfigForm";
import type { Selection } from "./canvas-sync";
import { edgeKeyOf } from "./EditorCanvas";
import type { EditorAction } from "./editor-state";
import { FieldErrors } from "./FieldFrame";
import { FormContext } from "./form-context";
import { nodeIdProblem } from "./graph-edit";
import { nodeFieldIssues } from "./issues";
import { JsonField } from "./JsonField";
import { referenceablePaths } from "./references";
import { SettingsPanel } from "./SettingsPanel";
import { describeFields } from "./schema-form";

/** The node fields every type has (id and position are edited on the canvas / in their own input). */
const NAME_FIELDS = describeFields(z.object({ name: NODE_COMMON_FIELDS.name }));
/** How the step runs; folded away, as most steps keep the defaults. */
const RUN_FIELDS = describeFields(
  z.object({
    phase: NODE_COMMON_FIELDS.phase,
    timeout_ms: NODE_COMMON_FIELDS.timeout_ms,
    join: NODE_COMMON_FIELDS.join,
    retry: NODE_COMMON_FIELDS.retry,
  }),
);
const RUN_KEYS = RUN_FIELDS.map((field) => field.key);

interface PropertiesPanelProps {
  graph: GraphInput;
  issues: readonly GraphIssue[];
  canvasEdges: readonly FluxoEdge[];
  selection: Selection;
  onSelect: Dispatch<SetStateAction<Selection>>;
  /** Undefined: read-only. */
  dispatch?: Dispatch<EditorAction> | undefined;
}

/** The panel for the current selection; `dispatch` undefined means read-only (inputs disabled). */
export function PropertiesPanel(props: PropertiesPanelProps) {
  const { graph, selection, dispatch } = props;
  const readOnly = dispatch === undefined;
  let content: ReactNode;
  const nodeIndex = selection?.kind === "node" ? graph.nodes.findIndex((node) => node.id === selection.id) : -1;
  const edge =
    selection?.kind === "edge" ? props.canvasEdges.find((candidate) => candidate.id === selection.id) : undefined;
  const node = graph.nodes[nodeIndex];
  if (node) {
    content = <NodeProperties key={node.id} {...props} node={node} index={nodeIndex} />;
  } else if (edge) {
    content = <EdgeProperties edge={edge} graph={graph} dispatch={dispatch} onSelect={props.onSelect} />;
  } else {
    content = <SettingsPanel graph={graph} issues={props.issues} dispatch={dispatch} />;
  }
  return (
    <aside className="wf-properties" aria-label="Properties">
      <fieldset disabled={readOnly} className="wf-properties-body">
        {content}
      </fieldset>
    </aside>
  );
}

function NodeProperties({
  graph,
  issues,
  dispatch,
  onSelect,
  node,
  index,
}: PropertiesPanelProps & { node: WorkflowNodeInput; index: number }) {
  const known = NodeType.safeParse(node.type);
  const definition = known.success ? getNodeType(known.data) : null;
  const configFields = useMemo(
    () => (definition ? describeFields(definition.configSchema, definition.expressionFields) : null),
    [definition],
  );
  const context = useMemo(
    () => ({ paths: referenceablePaths(graph, node.id), issues: nodeFieldIssues(issues, index) }),
    [graph, node.id, issues, index],
  );
  // Problems in the folded settings unfold them, so they can be seen and fixed.
  const runIssues = [...context.issues.keys()].some((path) => RUN_KEYS.includes(path.split(".")[0] ?? ""));
  const replace = (next: Record<string, unknown>) =>
    dispatch?.({ type: "replace_node", node: next as WorkflowNodeInput });

  return (
    <FormContext.Provider value={context}>
      <h2 className="wf-panel-title">
        <span aria-hidden="true">{definition?.icon ?? "❓"}</span> {definition?.label ?? `Unknown type "${node.type}"`}
      </h2>
      {definition && <p className="muted small">{definition.description}</p>}
      <FieldErrors errors={context.issues.get("") ?? []} />
      <NodeIdField
        node={node}
        graph={graph}
        errors={context.issues.get("id") ?? []}
        onRename={(to) => {
          dispatch?.({ type: "rename_node", from: node.id, to });
          onSelect({ kind: "node", id: to });
        }}
      />
      <ConfigForm fields={NAME_FIELDS} value={node} onChange={replace} path="" />
      <h3>Configuration</h3>
      <FieldErrors errors={context.issues.get("config") ?? []} />
      {configFields ? (
        configFields.length === 0 ? (
          <p className="muted small">This step has nothing to configure.</p>
        ) : (
          <ConfigForm
            fields={configFields}
            value={node.config}
            onChange={(config) => replace({ ...node, config })}
            path="config"
          />
        )
      ) : (
        <JsonField
          label="Config"
          value={node.config}
          onChange={(config) => replace({ ...node, config: config ?? {} })}
        />
      )}
      <details className="wf-run-settings" open={runIssues}>
        <summary>Run settings (phase, timeout, join, retry)</summary>
        <ConfigForm
          fields={RUN_FIELDS}
          value={node}
          onChange={replace}
          path=""
          initialValues={definition ? { retry: definition.defaultRetry } : undefined}
        />
      </details>
      {dispatch && (
        <div className="form-actions">
          <Button
            variant="danger"
            onClick={() => {
              dispatch({ type: "remove", nodeIds: [node.id], edges: [] });
              onSelect(null);
            }}
          >
            Delete step
          </Button>
        </div>
      )}
    </FormContext.Provider>
  );
}

/** The id, edited as text and applied on Enter or when leaving the input (renaming rewrites edges and references). */
function NodeIdField({
  node,
  graph,
  errors,
  onRename,
}: {
  node: WorkflowNodeInput;
  graph: GraphInput;
  errors: readonly string[];
  onRename: (id: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState(node.id);
  const problem = nodeIdProblem(text, graph, node.id);
  const apply = () => {
    if (!problem && text !== node.id) onRename(text);
  };
  const shown = problem ? [problem] : errors;
  return (
    <div className="field">
      <label htmlFor={id}>ID</label>
      <input
        id={id}
        type="text"
        value={text}
        spellCheck={false}
        className="wf-code"
        aria-invalid={shown.length > 0 ? true : undefined}
        aria-describedby={`${id}-hint${shown.length > 0 ? ` ${id}-error` : ""}`}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") apply();
          if (e.key === "Escape") setText(node.id);
        }}
      />
      <p id={`${id}-hint`} className="muted small field-hint">
        Other steps read this one as <code>steps.{node.id}.output</code>; renaming updates them.
      </p>
      <FieldErrors id={`${id}-error`} errors={shown} />
    </div>
  );
}

function EdgeProperties({
  edge,
  graph,
  dispatch,
  onSelect,
}: {
  edge: FluxoEdge;
  graph: GraphInput;
  dispatch: Dispatch<EditorAction> | undefined;
  onSelect: Dispatch<SetStateAction<Selection>>;
}) {
  const id = useId();
  const key = edgeKeyOf(edge);
  const source = graph.nodes.find((node) => node.id === edge.source);
  const known = source ? NodeType.safeParse(source.type) : null;
  const parsed = known?.success ? getNodeType(known.data).configSchema.safeParse(source?.config) : null;
  // While the source's config is unfinished its branches are unknown; the current label stays selectable.
  const branches = parsed?.success && known?.success ? nodeBranches({ type: known.data, config: parsed.data }) : [];
  const options = [...new Set([...branches, ...(key.when === null ? [] : [key.when])])];
  return (
    <>
      <h2 className="wf-panel-title">Connection</h2>
      <p>
        <code>{edge.source}</code> → <code>{edge.target}</code>
      </p>
      {options.length > 0 && (
        <div className="field">
          <label htmlFor={id}>Branch</label>
          <select
            id={id}
            value={key.when ?? ""}
            onChange={(e) => dispatch?.({ type: "relabel_edge", edge: key, when: e.target.value || null })}
          >
            <option value="">(none)</option>
            {options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
      )}
      <FieldErrors errors={edge.data?.issues ?? []} />
      {dispatch && (
        <div className="form-actions">
          <Button
            variant="danger"
            onClick={() => {
              dispatch({ type: "remove", nodeIds: [], edges: [key] });
              onSelect(null);
            }}
          >
            Delete connection
          </Button>
        </div>
      )}
    </>
  );
}
