/**
 * The React Flow canvas. It only renders: nodes and edges come from `toCanvas` (merged with what React Flow measures),
 * and every change a person makes (connect, move, delete, drop from the palette) is reported to the editor as an action.
 */
import "@xyflow/react/dist/style.css";
import {
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type EdgeChange,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { type Dispatch, type DragEvent, type SetStateAction, useCallback, useEffect, useRef, useState } from "react";
import { NodeType } from "../../../../../worker/contracts/node-types";
import type { Point } from "../canvas/layout";
import { FLUXO_NODE_TYPE, type FluxoEdge, type FluxoNode } from "../canvas/to-canvas";
import { mergeEdges, mergeNodes, type Selection } from "./canvas-sync";
import { FlowNode } from "./FlowNode";
import type { EdgeKey } from "./graph-edit";
import { PALETTE_MIME } from "./Palette";

const NODE_TYPES = { [FLUXO_NODE_TYPE]: FlowNode };
const DELETE_KEYS = ["Delete", "Backspace"];

/** What the canvas reports; absent in read-only views. */
export interface CanvasEdits {
  connect(edge: EdgeKey): void;
  move(positions: ReadonlyMap<string, Point>): void;
  remove(nodeIds: string[], edges: EdgeKey[]): void;
  drop(type: NodeType, position: Point): void;
}

interface EditorCanvasProps {
  nodes: FluxoNode[];
  edges: FluxoEdge[];
  selection: Selection;
  onSelect: Dispatch<SetStateAction<Selection>>;
  /** Undefined: read-only (nothing can be moved, connected or deleted; selecting still shows properties). */
  edits?: CanvasEdits | undefined;
}

/** The canvas, with its React Flow context. */
export function EditorCanvas(props: EditorCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

/** The graph identity of a canvas edge (ends and branch label). */
export function edgeKeyOf(edge: FluxoEdge): EdgeKey {
  return { from: edge.source, to: edge.target, when: edge.data?.when ?? null };
}

function Canvas({ nodes: fromGraph, edges: edgesFromGraph, selection, onSelect, edits }: EditorCanvasProps) {
  const flow = useReactFlow<FluxoNode, FluxoEdge>();
  const [nodes, setNodes] = useState(() => mergeNodes([], fromGraph, selection));
  const [edges, setEdges] = useState(() => mergeEdges([], edgesFromGraph, selection));
  useEffect(() => setNodes((previous) => mergeNodes(previous, fromGraph, selection)), [fromGraph, selection]);
  useEffect(() => setEdges((previous) => mergeEdges(previous, edgesFromGraph, selection)), [edgesFromGraph, selection]);

  // Bring a newly added node into view (palette clicks place it under the others, possibly off screen).
  const count = useRef(fromGraph.length);
  useEffect(() => {
    if (fromGraph.length > count.current) void flow.fitView({ maxZoom: 1, padding: 0.2 });
    count.current = fromGraph.length;
  }, [fromGraph.length, flow]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FluxoNode>[]) => {
      // Sizes and live drag positions belong to the canvas; selection belongs to the editor; removal goes via onDelete.
      const local = changes.filter((change) => change.type === "position" || change.type === "dimensions");
      if (local.length > 0) setNodes((previous) => applyNodeChanges(local, previous));
      // A finished move (end of a drag, or arrow keys on a focused node) goes into the graph.
      const moved = new Map<string, Point>();
      for (const change of changes) {
        if (change.type === "position" && !change.dragging && change.position) moved.set(change.id, change.position);
      }
      if (moved.size > 0) edits?.move(moved);
      for (const change of changes) {
        if (change.type !== "select") continue;
        if (change.selected) onSelect({ kind: "node", id: change.id });
        else onSelect((current) => (current?.kind === "node" && current.id === change.id ? null : current));
      }
    },
    [onSelect, edits],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FluxoEdge>[]) => {
      for (const change of changes) {
        if (change.type !== "select") continue;
        if (change.selected) onSelect({ kind: "edge", id: change.id });
        else onSelect((current) => (current?.kind === "edge" && current.id === change.id ? null : current));
      }
    },
    [onSelect],
  );

  const onDrop = (event: DragEvent) => {
    const type = NodeType.safeParse(event.dataTransfer.getData(PALETTE_MIME));
    if (!edits || !type.success) return;
    event.preventDefault();
    edits.drop(type.data, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <div className="wf-canvas">
      <ReactFlow<FluxoNode, FluxoEdge>
        onDragOver={(event) => edits && event.preventDefault()}
        onDrop={onDrop}
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={(connection: Connection) =>
          edits?.connect({ from: connection.source, to: connection.target, when: connection.sourceHandle ?? null })
        }
        isValidConnection={(connection) => connection.source !== connection.target}
        onDelete={({ nodes: gone, edges: cut }) => {
          edits?.remove(
            gone.map((node) => node.id),
            cut.map(edgeKeyOf),
          );
          onSelect(null);
        }}
        nodesDraggable={edits !== undefined}
        nodesConnectable={edits !== undefined}
        deleteKeyCode={edits ? DELETE_KEYS : null}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        minZoom={0.2}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
