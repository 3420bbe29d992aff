/** The per-tool rate limit field of a Tools row: saves on Enter or when focus leaves, empty = no limit. */
import { type FormEvent, useState } from "react";
import { TextField } from "../../../ui";
import { checkLimit, LIMIT_MAX, LIMIT_MIN, limitText } from "./policy-limit";

/**
 * A small number field bound to a stored limit; `onSave` gets the new limit (null: none) only when it changed and is
 * valid, otherwise the reason shows under the field.
 */
export function LimitField({
  label,
  stored,
  busy,
  onSave,
}: {
  label: string;
  stored: number | null;
  busy: boolean;
  onSave: (limit: number | null) => void;
}) {
  const [text, setText] = useState(limitText(stored));
  const [error, setError] = useState<string | undefined>();

  function save() {
    const checked = checkLimit(text);
    if (!checked.ok) {
      setError(checked.message);
      return;
    }
    setError(undefined);
    if (checked.limit !== stored) onSave(checked.limit);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save();
  }

  return (
    <form onSubmit={onSubmit}>
      <TextField
        label={label}
        hideLabel
        type="number"
        inputMode="numeric"
        min={LIMIT_MIN}
        max={LIMIT_MAX}
        step={1}
        placeholder="no limit"
        value={text}
        disabled={busy}
        error={error}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
      />
    </form>
  );
}
