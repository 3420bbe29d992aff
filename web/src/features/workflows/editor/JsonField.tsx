/** A JSON value edited as text: parse errors are shown and the last valid value is kept until the text parses again. */
import { useEffect, useId, useRef, useState } from "react";
import { canonicalJson } from "./draft";
import { ExpressionInput } from "./ExpressionInput";
import { FieldFrame } from "./FieldFrame";
import { useReferencePaths } from "./form-context";
import { type Parsed, parseJsonText, toJsonText } from "./form-values";
import type { ExpressionKind } from "./schema-form";

interface JsonFieldProps {
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  required?: boolean;
  /** Strings inside may hold `{{ }}` templates: offer reference autocomplete. */
  expression?: ExpressionKind | null;
  /** An extra check after parsing, e.g. "must be an object". Returns the problem or null. */
  check?: (value: unknown) => string | null;
  hint?: string;
  errors?: readonly string[];
  rows?: number;
}

function parse(text: string, check: JsonFieldProps["check"]): Parsed<unknown> {
  const parsed = parseJsonText(text);
  if (!parsed.ok || parsed.value === undefined || !check) return parsed;
  const problem = check(parsed.value);
  return problem ? { ok: false, error: problem } : parsed;
}

/** A labelled JSON textarea; `onChange` gets parsed values only (undefined when emptied). */
export function JsonField(props: JsonFieldProps) {
  const { value, onChange, check } = props;
  const id = useId();
  const paths = useReferencePaths();
  const [text, setText] = useState(() => toJsonText(value));
  const [error, setError] = useState<string | null>(null);
  // The value this field last reported: a different incoming value was changed elsewhere (undo, reload) and wins.
  const reported = useRef(canonicalJson(value));
  useEffect(() => {
    const incoming = canonicalJson(value);
    if (incoming === reported.current) return;
    reported.current = incoming;
    setText(toJsonText(value));
    setError(null);
  }, [value]);

  function edit(next: string) {
    setText(next);
    const parsed = parse(next, check);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    reported.current = canonicalJson(parsed.value);
    onChange(parsed.value);
  }

  const errors = [...(error ? [error] : []), ...(props.errors ?? [])];
  const hint = props.hint ?? "JSON";
  const describedBy = [`${id}-hint`, errors.length > 0 ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <FieldFrame id={id} label={props.label} required={props.required ?? false} hint={hint} errors={errors}>
      {props.expression ? (
        <ExpressionInput
          id={id}
          value={text}
          onChange={edit}
          kind="template"
          multiline
          rows={props.rows ?? 4}
          paths={paths}
          invalid={errors.length > 0}
          describedBy={describedBy}
        />
      ) : (
        <textarea
          id={id}
          className="wf-code"
          rows={props.rows ?? 4}
          value={text}
          spellCheck={false}
          aria-invalid={errors.length > 0 ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => edit(e.target.value)}
        />
      )}
    </FieldFrame>
  );
}
