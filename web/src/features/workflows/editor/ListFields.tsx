/** Generated inputs for lists of plain values: strings one per line, numbers separated by commas, enum checkboxes. */
import { useEffect, useId, useState } from "react";
import { describedBy, FieldErrors, FieldFrame } from "./FieldFrame";
import { useIssuesUnder } from "./form-context";
import { linesToList, listToLines, parseNumberList } from "./form-values";
import type { FieldSpec } from "./schema-form";

type Spec<K extends FieldSpec["kind"]> = Extract<FieldSpec, { kind: K }>;

interface ControlProps<K extends FieldSpec["kind"]> {
  field: Spec<K>;
  value: unknown;
  onChange: (value: unknown) => void;
  path: string;
}

/** Messages for the list and for any of its items (`path.0` shows as "Line 1: …"). */
function useListIssues(path: string): string[] {
  return useIssuesUnder(path).map(({ at, message }) => {
    const index = Number(at.split(".")[0]);
    return at === "" || !Number.isInteger(index) ? message : `Line ${index + 1}: ${message}`;
  });
}

/** A list of strings as a textarea, one per line. */
export function StringListControl({ field, value, onChange, path }: ControlProps<"string_list">) {
  const id = useId();
  const errors = useListIssues(path);
  // The text is kept as typed (blank lines included) and only the list is reported.
  const [text, setText] = useState(() => listToLines(value));
  useEffect(() => {
    if (listToLines(linesToList(text)) !== listToLines(value)) setText(listToLines(value));
  }, [value, text]);
  return (
    <FieldFrame id={id} label={field.label} required={field.required} hint="One per line" errors={errors}>
      <textarea
        id={id}
        rows={3}
        value={text}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy(id, "hint", errors)}
        onChange={(e) => {
          setText(e.target.value);
          const list = linesToList(e.target.value);
          onChange(list.length === 0 && !field.required ? undefined : list);
        }}
      />
    </FieldFrame>
  );
}

/** A list of numbers as one input, separated by commas; what doesn't parse is shown, not saved. */
export function NumberListControl({ field, value, onChange, path }: ControlProps<"number_list">) {
  const id = useId();
  const issues = useListIssues(path);
  const shown = Array.isArray(value) ? value.join(", ") : "";
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const parsed = parseNumberList(text);
    if (parsed.ok && parsed.value.join(", ") !== shown) setText(shown);
  }, [shown, text]);
  const errors = error ? [error, ...issues] : issues;
  return (
    <FieldFrame id={id} label={field.label} required={field.required} hint="Separate with commas" errors={errors}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={text}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy(id, "hint", errors)}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseNumberList(e.target.value);
          setError(parsed.ok ? null : parsed.error);
          if (parsed.ok) onChange(parsed.value.length === 0 && !field.required ? undefined : parsed.value);
        }}
      />
    </FieldFrame>
  );
}

/** A list of enum values as a group of checkboxes. */
export function EnumListControl({ field, value, onChange, path }: ControlProps<"enum_list">) {
  const errors = useListIssues(path);
  const chosen = new Set(Array.isArray(value) ? value : []);
  return (
    <fieldset className="choice">
      <legend>{field.label}</legend>
      {field.options.map((option) => (
        <label key={option} className="inline">
          <input
            type="checkbox"
            className="choice-input"
            checked={chosen.has(option)}
            onChange={(e) => {
              // Keep the schema's order, whatever order the boxes were ticked in.
              const next = field.options.filter((item) => (item === option ? e.target.checked : chosen.has(item)));
              onChange(next.length === 0 && !field.required ? undefined : next);
            }}
          />
          {option}
        </label>
      ))}
      <FieldErrors errors={errors} />
    </fieldset>
  );
}
