/**
 * A text input (or textarea) for expressions and templates, with a keyboard-navigable dropdown of the context paths
 * the node can read: after `{{` in a template, while typing a name in an expression, or on Ctrl+Space.
 */
import { type KeyboardEvent, useId, useLayoutEffect, useRef, useState } from "react";
import { applySuggestion, filterSuggestions, type SuggestionQuery, suggestionQuery } from "./references";
import type { ExpressionKind } from "./schema-form";

interface ExpressionInputProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  kind: ExpressionKind;
  multiline: boolean;
  /** What may be referenced here (`referenceablePaths`). */
  paths: readonly string[];
  rows?: number;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string | undefined;
  required?: boolean;
}

interface Open {
  query: SuggestionQuery;
  options: string[];
  active: number;
}

type Field = HTMLInputElement | HTMLTextAreaElement;

/** The dropdown for the text at the caret, or null. `explicit`: asked for with Ctrl+Space (empty prefix is fine). */
function openAt(text: string, caret: number, kind: ExpressionKind, paths: readonly string[], explicit: boolean) {
  const query = suggestionQuery(text, caret, kind);
  if (!query) return null;
  // In an expression, an empty name (after a space or an operator) would pop the list up all the time.
  if (kind === "expression" && query.prefix === "" && !explicit) return null;
  const options = filterSuggestions(paths, query.prefix);
  return options.length > 0 ? { query, options, active: 0 } : null;
}

/** See the module comment; controlled (`value`/`onChange`), like an `<input>`. */
export function ExpressionInput(props: ExpressionInputProps) {
  const { id, value, onChange, kind, multiline, paths } = props;
  const listId = useId();
  const ref = useRef<Field>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const caretAfterRender = useRef<number | null>(null);

  useLayoutEffect(() => {
    const caret = caretAfterRender.current;
    if (caret === null || !ref.current) return;
    caretAfterRender.current = null;
    ref.current.setSelectionRange(caret, caret);
  });

  function update(text: string, caret: number, explicit = false) {
    setOpen(openAt(text, caret, kind, paths, explicit));
  }

  function accept(path: string) {
    if (!open) return;
    const next = applySuggestion(value, open.query, path, kind);
    caretAfterRender.current = next.caret;
    setOpen(null);
    onChange(next.text);
  }

  function onKeyDown(event: KeyboardEvent<Field>) {
    if (event.key === " " && event.ctrlKey) {
      event.preventDefault();
      update(value, event.currentTarget.selectionStart ?? value.length, true);
      return;
    }
    if (!open) return;
    const count = open.options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setOpen({ ...open, active: (open.active + step + count) % count });
    } else if (event.key === "Enter" || event.key === "Tab") {
      const picked = open.options[open.active];
      if (picked === undefined) return;
      event.preventDefault();
      accept(picked);
    } else if (event.key === "Escape") {
      // Closing the list must not also close or deselect what is around it.
      event.preventDefault();
      event.stopPropagation();
      setOpen(null);
    }
  }

  const optionId = (index: number) => `${listId}-${index}`;
  const shared = {
    id,
    ref: (element: Field | null) => {
      ref.current = element;
    },
    value,
    role: "combobox",
    "aria-autocomplete": "list" as const,
    "aria-expanded": open !== null,
    "aria-controls": listId,
    "aria-activedescendant": open ? optionId(open.active) : undefined,
    "aria-invalid": props.invalid ? true : undefined,
    "aria-describedby": props.describedBy,
    "aria-required": props.required ? true : undefined,
    placeholder: props.placeholder,
    spellCheck: false,
    autoComplete: "off",
    className: "wf-code",
    onChange: (event: { currentTarget: Field }) => {
      const text = event.currentTarget.value;
      onChange(text);
      update(text, event.currentTarget.selectionStart ?? text.length);
    },
    onKeyDown,
    onBlur: () => setOpen(null),
  };

  return (
    <div className="wf-expression">
      {multiline ? <textarea rows={props.rows ?? 3} {...shared} /> : <input type="text" {...shared} />}
      <div id={listId} role="listbox" aria-label="References" className="wf-suggestions" hidden={!open}>
        {open?.options.map((path, index) => (
          <div
            key={path}
            id={optionId(index)}
            role="option"
            // Focus stays in the input (aria-activedescendant); -1 only makes the option focusable in principle.
            tabIndex={-1}
            aria-selected={index === open.active}
            className={index === open.active ? "wf-suggestion-active" : undefined}
            // mousedown, not click: the input must keep focus (a blur would close the list first).
            onMouseDown={(event) => {
              event.preventDefault();
              accept(path);
            }}
          >
            {path}
          </div>
        ))}
      </div>
    </div>
  );
}
