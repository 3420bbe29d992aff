/**
 * Entry for the `deliveries` queue and its dead-letter queue: signed outbound events (see
 * worker/automations/consumer.ts). Each message carries a delivery id only.
 */
import { consumeDeadLetters, consumeDeliveries } from "../automations/consumer";

export const DELIVERIES_QUEUE = "deliveries";
export const DELIVERIES_DLQ = "deliveries-dlq";

export async function handleQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue === DELIVERIES_DLQ) await consumeDeadLetters(batch, env);
  else await consumeDeliveries(batch, env);
}
