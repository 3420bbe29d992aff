/** Worker entry: HTTP (API + web app), the deliveries queues, the minute cron, and Durable Objects. */
import { app } from "./app";
import { handleScheduled } from "./cron/scheduled";
import { handleQueue } from "./queues/deliveries-consumer";

export { RunObject } from "./durable/run-object";

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env>;
