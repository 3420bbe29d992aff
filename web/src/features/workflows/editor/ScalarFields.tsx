/** Generated inputs for single values: text (with reference autocomplete for expressions), number, checkbox, select. */
import { useId } from "react";
import { ExpressionInput } from "./ExpressionInput";
import { describedBy, FieldErrors, FieldFrame } from "./FieldFrame";
import { useFieldIssues, useReferencePaths } from "./form-context";
import type { FieldSpec } from "./schema-form";

type Spec<K extends FieldSpec["kind"]> = Extract<FieldSpec, { kind: K }>;

interface ControlProps<K extends FieldSpec["kind"]> {
  field: Spec<K>;
  value: unknown;
  onChange: (value: unknown) => void;
  path: string;
}

const KIND_HINTS = {
  expression: "An expression, e.g. steps.fetch.output.body.items. Ctrl+Space lists what you can use.",
  template: "Text; put expressions in {{ }}, e.g. {{ input.user_id }}.",
} as const;

/** A string: plain input, textarea, or `ExpressionInput` for expression and template fields. */
export function TextControl({ field, value, onChange, path }: ControlProps<"text">) {
  const id = useId();
  const errors = useFieldIssues(path);
  const paths = useReferencePaths();
  const text = typeof value === "string" ? value : "";
  // Clearing an optional field removes it: "" would fail a `min(1)` the person never asked for.
  const set = (next: string) => onChange(next === "" && !field.required ? undefined : next);
  const hint = field.expression ? KIND_HINTS[field.expression] : undefined;
  const describe = describedBy(id, hint, errors);
  return (
    <FieldFrame id={id} label={field.label} required={field.required} hint={hint} errors={errors}>
      {field.expression ? (
        <ExpressionInput
          id={id}
          value={text}
          onChange={set}
          kind={field.expression}
          multiline={field.multiline}
          paths={paths}
          invalid={errors.length > 0}
          describedBy={describe}
          required={field.required}
        />
      ) : field.multiline ? (
        <textarea
          id={id}
          rows={4}
          value={text}
          aria-required={field.required || undefined}
          aria-invalid={errors.length > 0 ? true : undefined}
          aria-describedby={describe}
          onChange={(e) => set(e.target.value)}
        />
      ) : (
        <input
          id={id}
          type="text"
          value={text}
          placeholder={typeof field.defaultValue === "string" ? field.defaultValue : undefined}
          aria-required={field.required || undefined}
          aria-invalid={errors.length > 0 ? true : undefined}
          aria-describedby={describe}
          onChange={(e) => set(e.target.value)}
        />
      )}
    </FieldFrame>
  );
}

/** A number; empty removes the field. */
export function NumberControl({ field, value, onChange, path }: ControlProps<"number">) {
  const id = useId();
  const errors = useFieldIssues(path);
  return (
    <FieldFrame id={id} label={field.label} required={field.required} errors={errors}>
      <input
        id={id}
        type="number"
        value={typeof value === "number" ? value : ""}
        placeholder={typeof field.defaultValue === "number" ? String(field.defaultValue) : undefined}
        step={field.integer ? 1 : "any"}
        min={field.min ?? undefined}
        max={field.max ?? undefined}
        aria-required={field.required || undefined}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy(id, null, errors)}
        onChange={(e) => {
          const raw = e.target.value;
          if (raw === "") onChange(undefined);
          else if (Number.isFinite(e.target.valueAsNumber)) onChange(e.target.valueAsNumber);
        }}
      />
    </FieldFrame>
  );
}

/** A boolean as a checkbox (unset shows the default). */
export function BooleanControl({ field, value, onChange, path }: ControlProps<"boolean">) {
  const errors = useFieldIssues(path);
  const checked = typeof value === "boolean" ? value : field.defaultValue === true;
  return (
    <div className="field">
      <label className="inline">
        <input
          type="checkbox"
          className="choice-input"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />
        {field.label}
      </label>
      <FieldErrors errors={errors} />
    </div>
  );
}

/** An enum as a select; optional enums without a default can be "(not set)". */
export function EnumControl({ field, value, onChange, path }: ControlProps<"enum">) {
  const id = useId();
  const errors = useFieldIssues(path);
  const current = typeof value === "string" ? value : typeof field.defaultValue === "string" ? field.defaultValue : "";
  return (
    <FieldFrame id={id} label={field.label} required={field.required} errors={errors}>
      <select
        id={id}
        value={current}
        aria-required={field.required || undefined}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy(id, null, errors)}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
      >
        {(current === "" || !field.required) && field.defaultValue === undefined && <option value="">(not set)</option>}
        {field.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
