/** Generated key/value rows for records (HTTP headers, set values, tool arguments), with add and remove. */
import { useEffect, useId, useState } from "react";
import { Button } from "../../../ui";
import { canonicalJson } from "./draft";
import { ExpressionInput } from "./ExpressionInput";
import { FieldErrors } from "./FieldFrame";
import { useIssuesUnder, useReferencePaths } from "./form-context";
import { type RecordRow, recordToRows, rowsToRecord } from "./form-values";
import type { FieldSpec } from "./schema-form";

interface RecordControlProps {
  field: Extract<FieldSpec, { kind: "record" }>;
  value: unknown;
  onChange: (value: unknown) => void;
  path: string;
}

/** A record as key/value rows; values are text, or JSON-or-text for records of any value (`encodeLoose`). */
export function RecordControl({ field, value, onChange, path }: RecordControlProps) {
  const baseId = useId();
  const paths = useReferencePaths();
  const issues = useIssuesUnder(path).map(({ at, message }) => (at === "" ? message : `${at}: ${message}`));
  // Rows are kept as typed (a key being typed, two rows with one key); the record is what they add up to.
  const [rows, setRows] = useState<RecordRow[]>(() => recordToRows(value, field.values));
  useEffect(() => {
    setRows((current) =>
      canonicalJson(rowsToRecord(current, field.values)) === canonicalJson(value ?? {})
        ? current
        : recordToRows(value, field.values),
    );
  }, [value, field.values]);

  function report(next: RecordRow[]) {
    setRows(next);
    const record = rowsToRecord(next, field.values);
    onChange(Object.keys(record).length === 0 && !field.required ? undefined : record);
  }
  const edit = (index: number, patch: Partial<RecordRow>) =>
    report(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const valueHint = field.values === "json" ? "Text, or JSON for numbers, booleans, lists and objects" : undefined;

  return (
    <fieldset className="choice wf-record">
      <legend>{field.label}</legend>
      {rows.length === 0 && <p className="muted small">None yet.</p>}
      {rows.map((row, index) => {
        const name = `${field.label} ${index + 1}`;
        const valueId = `${baseId}-${index}`;
        return (
          // Rows have no identity but their position; a row's inputs are recreated only when rows are removed.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div key={index} className="wf-record-row">
            <input
              type="text"
              aria-label={`${name} key`}
              placeholder="key"
              value={row.key}
              onChange={(e) => edit(index, { key: e.target.value })}
            />
            {field.expression ? (
              <ExpressionInput
                id={valueId}
                value={row.value}
                onChange={(text) => edit(index, { value: text })}
                kind={field.expression}
                multiline={false}
                paths={paths}
                placeholder="value"
              />
            ) : (
              <input
                id={valueId}
                type="text"
                placeholder="value"
                value={row.value}
                onChange={(e) => edit(index, { value: e.target.value })}
              />
            )}
            <label htmlFor={valueId} className="visually-hidden">
              {`${name} value`}
            </label>
            <Button
              variant="ghost"
              aria-label={`Remove ${name}`}
              onClick={() => report(rows.filter((_, at) => at !== index))}
            >
              ✕
            </Button>
          </div>
        );
      })}
      <Button onClick={() => setRows([...rows, { key: "", value: "" }])}>Add {field.label.toLowerCase()} entry</Button>
      {valueHint && <p className="muted small field-hint">{valueHint}</p>}
      <FieldErrors errors={issues} />
    </fieldset>
  );
}
