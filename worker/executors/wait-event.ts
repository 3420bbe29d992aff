// `wait_event` executor: waits for a named signal or callback, optionally matched by a rendered correlation key.
import { quoteStep } from "../engine/run/errors";
import { asText, renderField, stepLabel } from "./rendering";
import { failed, waiting } from "./results";
import type { Executor } from "./types";

/**
 * Waits with `{ reason: "event", event_name, correlation_key?, timeout_at?, on_timeout }`. A correlation key that
 * renders empty fails the step (`invalid_correlation_key`): waiting without it would let any signal of that name
 * wake the step.
 */
export const executeWaitEvent: Executor<"wait_event"> = async (input) => {
  const { event_name, correlation_key, timeout_ms, on_timeout } = input.node.config;
  let key: string | undefined;
  if (correlation_key !== undefined) {
    key = asText(await renderField(input, "the correlation key", correlation_key));
    if (key.trim() === "") {
      return failed(
        {
          code: "invalid_correlation_key",
          message_human: `Step ${quoteStep(stepLabel(input.node))}: the correlation key is empty for this run, so no event could be matched to it`,
          message_tech: `wait_event.correlation_key ${JSON.stringify(correlation_key)} rendered to ""`,
          retryable: false,
        },
        { event_name, correlation_key: key },
      );
    }
  }
  const wait = {
    reason: "event" as const,
    event_name,
    on_timeout,
    ...(key === undefined ? {} : { correlation_key: key }),
    ...(timeout_ms === undefined ? {} : { timeout_at: input.now + timeout_ms }),
  };
  const { reason: _reason, ...data_in } = wait;
  return waiting(wait, data_in);
};
