import { describe, expect, it } from "vitest";
import type { GraphInput } from "../../../../../worker/contracts/workflow";
import { hasUnsavedChanges } from "./draft";
import { editorReducer, initialEditorState } from "./editor-state";

const graph: GraphInput = { nodes: [], edges: [] };

describe("editorReducer", () => {
  it("tracks unsaved changes against what was last saved", () => {
    let state = initialEditorState(graph, 1);
    expect(hasUnsavedChanges(state.graph, state.savedJson)).toBe(false);
    state = editorReducer(state, { type: "add_node", nodeType: "noop", id: "noop_1", position: { x: 0, y: 0 } });
    expect(hasUnsavedChanges(state.graph, state.savedJson)).toBe(true);
    const sent = state.graph;
    // An edit while the save is in flight stays unsaved after the save answers.
    state = editorReducer(state, { type: "add_node", nodeType: "noop", id: "noop_2", position: { x: 0, y: 200 } });
    state = editorReducer(state, { type: "saved", graph: sent, revision: 2 });
    expect(state.revision).toBe(2);
    expect(hasUnsavedChanges(state.graph, state.savedJson)).toBe(true);
    state = editorReducer(state, { type: "remove", nodeIds: ["noop_2"], edges: [] });
    expect(hasUnsavedChanges(state.graph, state.savedJson)).toBe(false);
  });

  it("connects, lays out and reloads", () => {
    let state = initialEditorState(graph, 3);
    state = editorReducer(state, { type: "add_node", nodeType: "noop", id: "a", position: { x: 0, y: 0 } });
    state = editorReducer(state, { type: "add_node", nodeType: "noop", id: "b", position: { x: 0, y: 0 } });
    state = editorReducer(state, { type: "connect", edge: { from: "a", to: "b", when: null } });
    state = editorReducer(state, { type: "auto_layout" });
    const [a, b] = state.graph.nodes;
    expect(state.graph.edges).toEqual([{ from: "a", to: "b" }]);
    expect(b!.position!.y).toBeGreaterThan(a!.position!.y);
    const unchanged = editorReducer(state, { type: "connect", edge: { from: "a", to: "b", when: null } });
    expect(unchanged).toBe(state);
    const reloaded = editorReducer(state, { type: "load", graph, revision: 7 });
    expect(reloaded).toEqual(initialEditorState(graph, 7));
  });
});
