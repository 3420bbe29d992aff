// `approval` executor: asks people to approve or reject (the engine resolves the wait on their decision or the timeout).
import { quoteStep } from "../engine/run/errors";
import { asText, renderField, stepLabel } from "./rendering";
import { dryRunPreview, isDryRunPreview, waiting } from "./results";
import type { Executor } from "./types";

/**
 * Waits with `{ reason: "approval", request: { message, approvers, form_fields } }`, plus `timeout_at` and
 * `on_timeout` when the node has a timeout. In a dry run nobody is asked: it succeeds with a preview.
 */
export const executeApproval: Executor<"approval"> = async (input) => {
  const { node } = input;
  const { message, approvers, form_fields, timeout_ms, on_timeout } = node.config;
  const rendered =
    message === undefined
      ? `Please review step ${quoteStep(stepLabel(node))}`
      : asText(await renderField(input, "the message", message));
  const request = { message: rendered, approvers: approvers ?? null, form_fields: form_fields ?? [] };
  const timeout = timeout_ms === undefined ? {} : { timeout_at: input.now + timeout_ms, on_timeout };
  const data_in = { request, ...timeout };
  if (isDryRunPreview(input)) return dryRunPreview({ request, ...timeout }, data_in);
  return waiting({ reason: "approval", request, ...timeout }, data_in);
};
