/** The canvas node: icon, label, type and id, a red badge with the node's problems, and one source handle per branch. */
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { getNodeType, NodeType } from "../../../../../worker/contracts/node-types";
import type { FluxoNode } from "../canvas/to-canvas";

function typeLabel(type: string): string {
  const known = NodeType.safeParse(type);
  return known.success ? getNodeType(known.data).label : `Unknown type "${type}"`;
}

/** React Flow node component for every workflow node (`FLUXO_NODE_TYPE`). */
export function FlowNode({ id, data, selected }: NodeProps<FluxoNode>) {
  const problems = data.issues.length;
  const classes = ["wf-node", selected ? "wf-node-selected" : "", problems > 0 ? "wf-node-invalid" : ""];
  return (
    <div className={classes.filter(Boolean).join(" ")}>
      <Handle type="target" position={Position.Top} aria-label={`Connect into ${id}`} />
      <span className="wf-node-icon" aria-hidden="true">
        {data.icon}
      </span>
      <div className="wf-node-text">
        <strong className="wf-node-label">{data.label}</strong>
        <span className="wf-node-type">
          {typeLabel(data.nodeType)} · {id}
        </span>
      </div>
      {data.status && <span className={`wf-node-status wf-status-${data.status}`}>{data.status}</span>}
      {problems > 0 && (
        <span
          className="wf-node-badge"
          role="img"
          title={data.issues.join("\n")}
          aria-label={`${problems} ${problems === 1 ? "problem" : "problems"}: ${data.issues.join("; ")}`}
        >
          {problems}
        </span>
      )}
      {data.branches.length === 0 ? (
        <Handle type="source" position={Position.Bottom} aria-label={`Connect from ${id}`} />
      ) : (
        data.branches.map((branch, index) => (
          <Handle
            key={branch}
            id={branch}
            type="source"
            position={Position.Bottom}
            aria-label={`Connect from ${id} when ${branch}`}
            style={{ left: `${((index + 1) / (data.branches.length + 1)) * 100}%` }}
          >
            <span className="wf-handle-label">{branch}</span>
          </Handle>
        ))
      )}
    </div>
  );
}
