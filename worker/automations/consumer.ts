/**
 * The `deliveries` queue consumer and its dead-letter queue. Each message is acked or retried on
 * its own, by the outcome of its delivery attempt; a batch is sent a few at a time because a
 * Worker invocation may hold only about six outgoing connections.
 */
import { z } from "zod";
import { eachBounded } from "../lib/bounded";
import { describeError, log } from "../lib/log";
import { attemptDelivery, type DeliveryEnv, markDeadLettered } from "./deliver";

/** The queue message schema: a delivery id, nothing else. */
export const DeliveryMessageSchema = z.object({ delivery_id: z.string().min(1).max(100) });

/** Outgoing connections at once (the platform allows about six per invocation). */
const CONCURRENCY = 6;
/** When the attempt itself crashed (D1 unreachable), try again after this. */
const CRASH_RETRY_DELAY_S = 30;

function parse(message: Message<unknown>): string | null {
  const parsed = DeliveryMessageSchema.safeParse(message.body);
  if (parsed.success) return parsed.data.delivery_id;
  log("error", "deliveries: dropping a malformed message", { message_id: message.id });
  message.ack();
  return null;
}

/** Handles a batch from the `deliveries` queue. */
export async function consumeDeliveries(batch: MessageBatch<unknown>, env: DeliveryEnv): Promise<void> {
  await eachBounded(batch.messages, CONCURRENCY, async (message) => {
    const deliveryId = parse(message);
    if (deliveryId === null) return;
    try {
      const outcome = await attemptDelivery(env, deliveryId);
      switch (outcome.kind) {
        case "retry":
          message.retry({ delaySeconds: outcome.delaySeconds });
          return;
        case "succeeded":
        case "dead":
        case "skipped":
          message.ack();
          return;
        default: {
          const _never: never = outcome;
          return _never;
        }
      }
    } catch (err) {
      // Nothing was recorded; the queue's own retry limit sends the message to the DLQ eventually.
      log("error", "deliveries: attempt crashed", { delivery_id: deliveryId, error: describeError(err) });
      message.retry({ delaySeconds: CRASH_RETRY_DELAY_S });
    }
  });
}

/** Handles a batch from the dead-letter queue: marks each delivery `dead` unless it already finished. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Pick<DeliveryEnv, "DB">): Promise<void> {
  for (const message of batch.messages) {
    const deliveryId = parse(message);
    if (deliveryId === null) continue;
    try {
      const marked = await markDeadLettered(env, deliveryId, Date.now());
      log("warn", "deliveries: dead-lettered", { delivery_id: deliveryId, marked_dead: marked });
      message.ack();
    } catch (err) {
      log("error", "deliveries: dead-letter handling failed", { delivery_id: deliveryId, error: describeError(err) });
      message.retry({ delaySeconds: CRASH_RETRY_DELAY_S });
    }
  }
}
