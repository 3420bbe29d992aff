/**
 * The Worker's one queue entry: routes each batch to its consumer by queue name. Signed outbound
 * deliveries (and their DLQ) go to the automations consumers; `run-starts` (and its DLQ) to the
 * schedule run starter.
 */
import { log } from "../lib/log";
import { consumeRunStartDeadLetters, consumeRunStarts } from "../triggers/run-starts-consumer";
import { DELIVERIES_DLQ, DELIVERIES_QUEUE, handleQueue } from "./deliveries-consumer";

export const RUN_STARTS_QUEUE = "run-starts";
export const RUN_STARTS_DLQ = "run-starts-dlq";

/** `queue` handler of the Worker. A batch from a queue nobody consumes is retried (and so reaches its DLQ). */
export async function dispatchQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  switch (batch.queue) {
    case DELIVERIES_QUEUE:
    case DELIVERIES_DLQ:
      return handleQueue(batch, env);
    case RUN_STARTS_QUEUE:
      return consumeRunStarts(batch, env);
    case RUN_STARTS_DLQ:
      return consumeRunStartDeadLetters(batch, env);
    default:
      log("error", "queue: no consumer for this queue; retrying the batch", {
        queue: batch.queue,
        count: batch.messages.length,
      });
      batch.retryAll();
  }
}
