/** Labelled inputs for the fields derived from a workflow's input schema (see `input-form.ts`), plus a JSON textarea. */
import { type TextareaHTMLAttributes, useId } from "react";
import { SelectField, TextField } from "../../ui";
import type { InputField, InputValues } from "./input-form";

function labelOf(field: { label: string; required: boolean }): string {
  return field.required ? `${field.label} (required)` : field.label;
}

/** One control per field; `errors` (by field name) are shown under their inputs. */
export function InputFields({
  fields,
  values,
  errors,
  onChange,
}: {
  fields: readonly InputField[];
  values: InputValues;
  errors: Record<string, string>;
  onChange: (name: string, value: string | boolean) => void;
}) {
  return (
    <>
      {fields.map((field) => (
        <InputControl
          key={field.name}
          field={field}
          value={values[field.name]}
          error={errors[field.name]}
          onChange={(value) => onChange(field.name, value)}
        />
      ))}
    </>
  );
}

function InputControl({
  field,
  value,
  error,
  onChange,
}: {
  field: InputField;
  value: string | boolean | undefined;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const text = typeof value === "string" ? value : "";
  const hint = field.description ?? undefined;
  switch (field.kind) {
    case "string":
      return (
        <TextField
          label={labelOf(field)}
          type={field.inputType}
          required={field.required}
          value={text}
          hint={hint}
          error={error}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case "number":
    case "integer":
      return (
        <TextField
          label={labelOf(field)}
          type="number"
          step={field.kind === "integer" ? 1 : "any"}
          required={field.required}
          value={text}
          hint={hint}
          error={error}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case "boolean":
      return (
        <CheckboxField label={field.label} checked={value === true} hint={hint} error={error} onChange={onChange} />
      );
    case "enum":
      return (
        <SelectField
          label={labelOf(field)}
          required={field.required}
          value={text}
          hint={hint}
          error={error}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">Choose…</option>
          {field.options.map((option, index) => (
            <option key={JSON.stringify(option.value)} value={String(index)}>
              {option.label}
            </option>
          ))}
        </SelectField>
      );
    case "json":
      return (
        <TextAreaField
          label={`${labelOf(field)} (JSON)`}
          value={text}
          hint={hint}
          error={error}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    default: {
      const _never: never = field;
      throw new Error(`unknown input field ${JSON.stringify(_never)}`);
    }
  }
}

/** A labelled checkbox with an optional hint and error. */
export function CheckboxField({
  label,
  checked,
  hint,
  error,
  onChange,
}: {
  label: string;
  checked: boolean;
  hint?: string | undefined;
  error?: string | undefined;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="inline" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          className="choice-input"
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {hint && <p className="muted small field-hint">{hint}</p>}
      {error && (
        <p id={`${id}-error`} className="field-error small">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled `<textarea>` (JSON input, comments) with an optional hint and error. */
export function TextAreaField({
  label,
  hint,
  error,
  ...textarea
}: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
} & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={4}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...textarea}
      />
      {hint && <p className="muted small field-hint">{hint}</p>}
      {error && (
        <p id={`${id}-error`} className="field-error small">
          {error}
        </p>
      )}
    </div>
  );
}
