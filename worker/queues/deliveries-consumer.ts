/**
 * Consumer of the `deliveries` queue and its dead-letter queue. For now it logs and acknowledges
 * each message individually; the automations hub fills in signing and delivery.
 */
import { log } from "../lib/log";

export const DELIVERIES_QUEUE = "deliveries";
export const DELIVERIES_DLQ = "deliveries-dlq";

export async function handleQueue(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    log("info", "queue: message received", {
      queue: batch.queue,
      message_id: message.id,
      attempts: message.attempts,
      dead_letter: batch.queue === DELIVERIES_DLQ,
    });
    message.ack();
  }
}
