/**
 * A form generated from field specs (`describeFields` of a zod schema): one control per field, nested fieldsets for
 * objects, add/remove for lists of objects. Values change immutably through `onChange`.
 */
import { Button } from "../../../ui";
import { FieldErrors } from "./FieldFrame";
import { useFieldIssues } from "./form-context";
import { fieldOf, withField } from "./form-values";
import { JsonField } from "./JsonField";
import { EnumListControl, NumberListControl, StringListControl } from "./ListFields";
import { RecordControl } from "./RecordField";
import { BooleanControl, EnumControl, NumberControl, TextControl } from "./ScalarFields";
import { blankValue, type FieldSpec } from "./schema-form";

interface ConfigFormProps {
  fields: readonly FieldSpec[];
  value: unknown;
  onChange: (value: Record<string, unknown>) => void;
  /** Dotted path of `value` for validation messages (`config`, or `""` for a node's own fields). */
  path: string;
  /** Starting values for optional objects when they are switched on (e.g. the type's default retry policy). */
  initialValues?: Readonly<Record<string, unknown>>;
}

const join = (path: string, key: string | number) => (path === "" ? String(key) : `${path}.${key}`);

/** The fields of one object value. */
export function ConfigForm({ fields, value, onChange, path, initialValues }: ConfigFormProps) {
  return (
    <>
      {fields.map((field) => (
        <FieldControl
          key={field.key}
          field={field}
          value={fieldOf(value, field.key)}
          onChange={(next) => onChange(withField(value, field.key, next))}
          path={join(path, field.key)}
          initial={initialValues?.[field.key]}
        />
      ))}
    </>
  );
}

interface FieldControlProps {
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  path: string;
  initial?: unknown;
}

function FieldControl({ field, value, onChange, path, initial }: FieldControlProps) {
  switch (field.kind) {
    case "text":
      return <TextControl field={field} value={value} onChange={onChange} path={path} />;
    case "number":
      return <NumberControl field={field} value={value} onChange={onChange} path={path} />;
    case "boolean":
      return <BooleanControl field={field} value={value} onChange={onChange} path={path} />;
    case "enum":
      return <EnumControl field={field} value={value} onChange={onChange} path={path} />;
    case "string_list":
      return <StringListControl field={field} value={value} onChange={onChange} path={path} />;
    case "number_list":
      return <NumberListControl field={field} value={value} onChange={onChange} path={path} />;
    case "enum_list":
      return <EnumListControl field={field} value={value} onChange={onChange} path={path} />;
    case "record":
      return <RecordControl field={field} value={value} onChange={onChange} path={path} />;
    case "object":
      return <ObjectControl field={field} value={value} onChange={onChange} path={path} initial={initial} />;
    case "object_list":
      return <ObjectListControl field={field} value={value} onChange={onChange} path={path} />;
    case "json":
      return <JsonLeaf field={field} value={value} onChange={onChange} path={path} />;
    default: {
      const _never: never = field;
      return _never;
    }
  }
}

function JsonLeaf({
  field,
  value,
  onChange,
  path,
}: FieldControlProps & { field: Extract<FieldSpec, { kind: "json" }> }) {
  const errors = useFieldIssues(path);
  return (
    <JsonField
      label={field.label}
      value={value}
      onChange={onChange}
      required={field.required}
      expression={field.expression}
      errors={errors}
      hint={field.expression ? "JSON; strings may use {{ }} expressions" : "JSON"}
    />
  );
}

/** A nested object in a fieldset; an optional one can be switched off (removed) and on (from `initial`). */
function ObjectControl({
  field,
  value,
  onChange,
  path,
  initial,
}: FieldControlProps & { field: Extract<FieldSpec, { kind: "object" }> }) {
  const errors = useFieldIssues(path);
  const present = value !== undefined;
  return (
    <fieldset className="choice wf-object">
      <legend>{field.label}</legend>
      {!field.required && (
        <label className="inline">
          <input
            type="checkbox"
            className="choice-input"
            checked={present}
            onChange={(e) =>
              onChange(e.target.checked ? structuredClone(initial ?? blankValue(field.fields)) : undefined)
            }
          />
          Set {field.label.toLowerCase()}
        </label>
      )}
      {(present || field.required) && (
        <ConfigForm fields={field.fields} value={value} onChange={onChange} path={path} />
      )}
      <FieldErrors errors={errors} />
    </fieldset>
  );
}

/** A list of objects (LLM messages, approval form fields): one fieldset per item, with add and remove. */
function ObjectListControl({
  field,
  value,
  onChange,
  path,
}: FieldControlProps & { field: Extract<FieldSpec, { kind: "object_list" }> }) {
  const errors = useFieldIssues(path);
  const items: unknown[] = Array.isArray(value) ? value : [];
  const report = (next: unknown[]) => onChange(next.length === 0 && !field.required ? undefined : next);
  return (
    <fieldset className="choice wf-object">
      <legend>{field.label}</legend>
      {items.map((item, index) => {
        const name = `${field.itemLabel} ${index + 1}`;
        return (
          // Items have no identity but their position.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <fieldset key={index} className="choice wf-object">
            <legend>{name}</legend>
            <ConfigForm
              fields={field.fields}
              value={item}
              onChange={(next) => report(items.map((old, at) => (at === index ? next : old)))}
              path={join(path, index)}
            />
            <Button variant="ghost" onClick={() => report(items.filter((_, at) => at !== index))}>
              Remove {name.toLowerCase()}
            </Button>
          </fieldset>
        );
      })}
      <Button onClick={() => report([...items, blankValue(field.fields)])}>Add {field.itemLabel.toLowerCase()}</Button>
      <FieldErrors errors={errors} />
    </fieldset>
  );
}
