/**
 * The run's workflow graph, read-only, with React Flow: nodes coloured by step status, a legend, and a click on a
 * node selecting its step. The nodes and edges come from the pure `runCanvas`; this only renders them.
 */
import { Background, Controls, type NodeProps, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import type { StepView } from "../../../../worker/contracts/runs";
import { Notice } from "../../ui";
import { FLUXO_NODE_TYPE, type FluxoNode } from "../workflows/canvas/to-canvas";
import { NodeHandles } from "./NodeHandles";
import { runCanvas } from "./run-graph";
import { STEP_LEGEND, STEP_STATUS_LOOK } from "./run-status";

/** One node: icon, name, type and status; one source handle per branch label so labelled edges attach. */
function RunNode({ data, selected }: NodeProps<FluxoNode>) {
  const look = STEP_STATUS_LOOK[data.status ?? "pending"];
  return (
    <div className={`run-node ${look.className}${selected ? " is-selected" : ""}`}>
      <div className="run-node-title">
        <span aria-hidden="true">{data.icon}</span> {data.label}
      </div>
      <div className="run-node-meta">
        {data.nodeType} · {look.label}
      </div>
      <NodeHandles branches={data.branches} />
    </div>
  );
}

// Defined once, outside render: React Flow warns (and re-mounts nodes) when nodeTypes changes identity.
const NODE_TYPES = { [FLUXO_NODE_TYPE]: RunNode };

/** The graph of `graph` (a version's graph, validated here) with `steps`' statuses; `onSelect` gets the clicked node id. */
export function RunGraph({
  graph,
  steps,
  selectedNodeId,
  onSelect,
}: {
  graph: unknown;
  steps: readonly StepView[];
  selectedNodeId: string | null;
  onSelect: (nodeId: string) => void;
}) {
  const canvas = useMemo(() => runCanvas(graph, steps, selectedNodeId), [graph, steps, selectedNodeId]);
  if (!canvas.ok) return <Notice tone="warn">{canvas.message}</Notice>;
  return (
    <>
      <section className="run-graph" aria-label="Workflow graph">
        <ReactFlow
          nodes={canvas.nodes}
          edges={canvas.edges}
          nodeTypes={NODE_TYPES}
          onNodeClick={(_event, node) => onSelect(node.id)}
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
      <ul className="run-legend" aria-label="Legend">
        {STEP_LEGEND.map((status) => (
          <li key={status}>
            <span className={`run-legend-swatch ${STEP_STATUS_LOOK[status].className}`} aria-hidden="true" />
            {STEP_STATUS_LOOK[status].label}
          </li>
        ))}
      </ul>
    </>
  );
}
