/** A read-only React Flow preview of an item's graph (nodes and edges from the shared canvas mapping). */
import { Background, Controls, type NodeProps, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { Notice } from "../../ui";
import { NodeHandles } from "../runs/NodeHandles";
import { runCanvas } from "../runs/run-graph";
import { FLUXO_NODE_TYPE, type FluxoNode } from "../workflows/canvas/to-canvas";

function PreviewNode({ data }: NodeProps<FluxoNode>) {
  return (
    <div className="mk-node">
      <div className="mk-node-title">
        <span aria-hidden="true">{data.icon}</span> {data.label}
      </div>
      <div className="muted small">{data.nodeType}</div>
      <NodeHandles branches={data.branches} />
    </div>
  );
}

// Defined once, outside render: React Flow re-mounts nodes when nodeTypes changes identity.
const NODE_TYPES = { [FLUXO_NODE_TYPE]: PreviewNode };

export function GraphPreview({ graph }: { graph: unknown }) {
  const canvas = useMemo(() => runCanvas(graph, [], null), [graph]);
  if (!canvas.ok) return <Notice tone="warn">{canvas.message}</Notice>;
  return (
    <section className="mk-graph" aria-label="Graph preview">
      <ReactFlow
        nodes={canvas.nodes}
        edges={canvas.edges}
        nodeTypes={NODE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.2}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}
