/** A value shown as formatted JSON (step inputs and outputs), with "nothing" spelled out. */

/** `label` titles the block; null and undefined read as "none" rather than an empty box. */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="json-block">
      <h4>{label}</h4>
      {value === null || value === undefined ? (
        <p className="muted small">None</p>
      ) : (
        <pre className="run-json">{JSON.stringify(value, null, 2)}</pre>
      )}
    </div>
  );
}
