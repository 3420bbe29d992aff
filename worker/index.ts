/** Worker entry: HTTP (API + web app), the deliveries queues, the minute cron, and Durable Objects. */
import { app } from "./app";
import { handleScheduled } from "./cron/scheduled";
import { dispatchQueue } from "./queues/dispatch";

export { FeedObject } from "./durable/feed-object";
export { RunObject } from "./durable/run-object";
export { SlotsObject } from "./durable/slots-object";

export default {
  fetch: app.fetch,
  queue: dispatchQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env>;
