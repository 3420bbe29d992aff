/** The audit filters: action, actor, target, and a time range in local time. */
import { type FormEvent, useState } from "react";
import { Button, TextField } from "../../ui";
import { type AuditFilters, NO_FILTERS } from "./audit-query";

const TEXT_FIELDS = [
  { key: "action", label: "Action", placeholder: "e.g. auth.login_succeeded" },
  { key: "actor", label: "Actor id", placeholder: "e.g. usr_…" },
  { key: "target_type", label: "Target type", placeholder: "e.g. api_key" },
  { key: "target_id", label: "Target id", placeholder: "" },
] as const satisfies readonly { key: keyof AuditFilters; label: string; placeholder: string }[];

export function AuditFiltersForm({
  applied,
  onApply,
}: {
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  // The parent remounts this form (a `key`) when the applied filters change, e.g. with Back.
  const [draft, setDraft] = useState(applied);
  const set = (key: keyof AuditFilters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form onSubmit={onSubmit}>
      <div className="form-grid">
        {TEXT_FIELDS.map((field) => (
          <TextField
            key={field.key}
            label={field.label}
            placeholder={field.placeholder}
            value={draft[field.key]}
            onChange={set(field.key)}
          />
        ))}
        <TextField label="From" type="datetime-local" value={draft.from} onChange={set("from")} />
        <TextField label="To" type="datetime-local" value={draft.to} onChange={set("to")} />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
