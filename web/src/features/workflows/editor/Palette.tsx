/** The node palette: every registered node type, grouped by category; click to add, or drag onto the canvas. */
import { listNodeTypes, type NodeCategory, type NodeType } from "../../../../../worker/contracts/node-types";

/** The drag-and-drop payload type of a palette item. */
export const PALETTE_MIME = "application/x-fluxo-node-type";

const CATEGORY_LABELS: Record<NodeCategory, string> = {
  flow: "Flow",
  data: "Data",
  integration: "Integrations",
  human: "People",
  ai: "AI",
};

const GROUPS = (Object.keys(CATEGORY_LABELS) as NodeCategory[]).map((category) => ({
  category,
  types: listNodeTypes().filter((definition) => definition.category === category),
}));

/** The palette; `onAdd` gets the type of the clicked item. */
export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  return (
    <aside className="wf-palette" aria-label="Palette">
      <h2 className="wf-panel-title">Add a step</h2>
      {GROUPS.filter((group) => group.types.length > 0).map((group) => (
        <section key={group.category} aria-label={CATEGORY_LABELS[group.category]}>
          <h3>{CATEGORY_LABELS[group.category]}</h3>
          <ul>
            {group.types.map((definition) => (
              <li key={definition.type}>
                <button
                  type="button"
                  className="wf-palette-item"
                  title={definition.description}
                  draggable
                  onDragStart={(event) => {
                    event.dataTransfer.setData(PALETTE_MIME, definition.type);
                    event.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => onAdd(definition.type)}
                >
                  <span aria-hidden="true">{definition.icon}</span> {definition.label}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
