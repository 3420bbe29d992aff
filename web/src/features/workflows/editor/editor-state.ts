/** The editor's state machine: the draft graph being edited, the revision it started from, and what was last saved. */
import type { NodeType } from "../../../../../worker/contracts/node-types";
import type { GraphInput, WorkflowNodeInput } from "../../../../../worker/contracts/workflow";
import { autoLayout, type Point } from "../canvas/layout";
import { canonicalJson } from "./draft";
import {
  addNode,
  connect,
  type EdgeKey,
  type GraphFields,
  moveNodes,
  relabelEdge,
  removeElements,
  renameNode,
  replaceNode,
  updateGraphFields,
} from "./graph-edit";

/** The editor's state (see `editorReducer`). */
export interface EditorState {
  graph: GraphInput;
  /** The draft revision the next save must name (optimistic concurrency: a stale one is a 409). */
  revision: number;
  /** `canonicalJson` of the graph the server has; compared to tell whether there are unsaved changes. */
  savedJson: string;
}

/** Everything the editor can do to its state; graph edits map one-to-one onto `graph-edit.ts`. */
export type EditorAction =
  | { type: "load"; graph: GraphInput; revision: number }
  | { type: "saved"; graph: GraphInput; revision: number }
  | { type: "add_node"; nodeType: NodeType; id: string; position: Point }
  | { type: "replace_node"; node: WorkflowNodeInput }
  | { type: "rename_node"; from: string; to: string }
  | { type: "remove"; nodeIds: readonly string[]; edges: readonly EdgeKey[] }
  | { type: "connect"; edge: EdgeKey }
  | { type: "relabel_edge"; edge: EdgeKey; when: string | null }
  | { type: "move"; positions: ReadonlyMap<string, Point> }
  | { type: "auto_layout" }
  | { type: "update_graph"; patch: Partial<GraphFields> };

/** The state right after loading a draft. */
export function initialEditorState(graph: GraphInput, revision: number): EditorState {
  return { graph, revision, savedJson: canonicalJson(graph) };
}

function edit(state: EditorState, graph: GraphInput): EditorState {
  return graph === state.graph ? state : { ...state, graph };
}

/**
 * Applies one action. `saved` carries the graph that was sent, not the current one: edits made while the save was
 * in flight stay unsaved.
 */
export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "load":
      return initialEditorState(action.graph, action.revision);
    case "saved":
      return { ...state, revision: action.revision, savedJson: canonicalJson(action.graph) };
    case "add_node":
      return edit(state, addNode(state.graph, action.nodeType, action.id, action.position));
    case "replace_node":
      return edit(state, replaceNode(state.graph, action.node));
    case "rename_node":
      return edit(state, renameNode(state.graph, action.from, action.to));
    case "remove":
      return edit(state, removeElements(state.graph, action.nodeIds, action.edges));
    case "connect":
      return edit(state, connect(state.graph, action.edge));
    case "relabel_edge":
      return edit(state, relabelEdge(state.graph, action.edge, action.when));
    case "move":
      return edit(state, moveNodes(state.graph, action.positions));
    case "auto_layout":
      return edit(state, autoLayout(state.graph));
    case "update_graph":
      return edit(state, updateGraphFields(state.graph, action.patch));
    default: {
      const _never: never = action;
      return _never;
    }
  }
}
