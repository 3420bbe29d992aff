/** The read-only handles of a graph node: one target on top, one source per branch label below. */
import { Handle, Position } from "@xyflow/react";

export function NodeHandles({ branches }: { branches: readonly string[] }) {
  const outputs = branches.length > 0 ? branches : [null];
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {outputs.map((branch, index) => (
        <Handle
          key={branch ?? "out"}
          id={branch ?? undefined}
          type="source"
          position={Position.Bottom}
          isConnectable={false}
          style={{ left: `${((index + 1) / (outputs.length + 1)) * 100}%` }}
        />
      ))}
    </>
  );
}
