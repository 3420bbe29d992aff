/** Turns a `validation_failed` answer into messages per form field, so each shows beside its input. */
import { z } from "zod";
import { ApiError } from "./api";

const Issues = z.object({
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

/**
 * The API's `details.issues` by field path (`"password"`, `"settings.limits.node_timeout_ms"`),
 * first message per field. Empty for any other error, which the form shows as a whole instead.
 * @example fieldErrors(err).password // "Use at least 10 characters."
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const parsed = Issues.safeParse(error.details);
  if (!parsed.success) return {};
  const byField: Record<string, string> = {};
  for (const issue of parsed.data.issues) byField[issue.path] ??= issue.message;
  return byField;
}
