/** A form's error: field problems are shown beside their inputs, so here only a pointer to them; anything else in full. */
import { fieldErrors } from "../lib/form-errors";
import { ErrorNotice } from "./ErrorNotice";

/**
 * Renders nothing without an error. When the API's issues name one of `fields`, says to check the
 * highlighted fields (the inputs show the messages); otherwise shows the whole `ErrorNotice`.
 */
export function FormError({ error, fields, title }: { error: unknown; fields: readonly string[]; title?: string }) {
  if (!error) return null;
  const byField = fieldErrors(error);
  if (fields.some((field) => byField[field])) {
    return (
      <p role="alert" className="field-error">
        Check the highlighted fields.
      </p>
    );
  }
  return <ErrorNotice error={error} title={title} />;
}
