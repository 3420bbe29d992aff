/** The frame of one generated field: its label, the control, a hint, and its validation messages (linked to it). */
import type { ReactNode } from "react";

/** The ids a control points `aria-describedby` at, or undefined. */
export function describedBy(id: string, hint: unknown, errors: readonly string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : null, errors.length > 0 ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** Label (with a required marker hidden from assistive tech, which gets `aria-required`), control, hint, errors. */
export function FieldFrame({
  id,
  label,
  required,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  required: boolean;
  hint?: ReactNode;
  errors: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="wf-required" aria-hidden="true">
            {" "}
            *
          </span>
        )}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="muted small field-hint">
          {hint}
        </p>
      )}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** Validation messages under a field or a group. */
export function FieldErrors({ id, errors }: { id?: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <p id={id} className="field-error small">
      {errors.join(" · ")}
    </p>
  );
}
