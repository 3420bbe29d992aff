// `emit_event` executor: publishes an event to the org's destinations, once per step and run.
import { stableEventId } from "./idempotency";
import { orNull, renderFieldValue } from "./rendering";
import { dryRunPreview, isDryRunPreview, succeeded } from "./results";
import type { Executor } from "./types";

/**
 * Renders `config.payload` and publishes it with a stable `event_id` (see `stableEventId`), so an attempt run
 * again after a crash or a timeout never delivers twice. Succeeds with `{ event_id, event_type }`. A dry run
 * publishes nothing and previews the event.
 */
export const executeEmitEvent: Executor<"emit_event"> = async (input, services) => {
  const { node, run } = input;
  const payload = orNull(await renderFieldValue(input, "the event payload", node.config.payload ?? null));
  const event_id = await stableEventId(run.id, node.id);
  const event = { event_id, event_type: node.config.event_type, payload };
  if (isDryRunPreview(input)) return dryRunPreview(event, event);
  await services.publishEvent({
    type: node.config.event_type,
    payload,
    event_id,
    org_id: run.org_id,
    correlation_id: run.correlation_id,
    occurred_at: new Date(input.now).toISOString(),
  });
  return succeeded({ event_id, event_type: node.config.event_type }, event);
};
