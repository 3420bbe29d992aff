/** The schedule and trigger calls the Triggers tab makes, with their query keys. */
import type { ScheduleInput } from "../../../../../worker/contracts/schedule";
import type {
  CreateEventTriggerBody,
  CreateWebhookTriggerBody,
  UpdateWebhookTriggerBody,
} from "../../../../../worker/contracts/triggers";
import { ApiError, api, unwrap } from "../../../lib/api";

/** Query keys: everything of one workflow's triggers lives under `["triggers", id]`. */
export const triggerKeys = {
  all: (workflowId: string) => ["triggers", workflowId] as const,
  schedule: (workflowId: string) => ["triggers", workflowId, "schedule"] as const,
  webhooks: (workflowId: string) => ["triggers", workflowId, "webhooks"] as const,
  events: (workflowId: string) => ["triggers", workflowId, "events"] as const,
};

// The client path of one workflow (the id goes in `param`, as hc expects).
const workflow = api.api.v1.workflows[":id"];

/** One function per call, each resolving to the 2xx body or throwing `ApiError`. */
export const triggerApi = {
  /** The schedule, or null when the workflow has none (the API answers 404). */
  getSchedule: async (id: string) => {
    try {
      return await unwrap(workflow.schedule.$get({ param: { id } }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && err.code === "not_found") return null;
      throw err;
    }
  },
  putSchedule: (id: string, json: ScheduleInput) => unwrap(workflow.schedule.$put({ param: { id }, json })),
  deleteSchedule: (id: string) => unwrap(workflow.schedule.$delete({ param: { id } })),
  listWebhooks: (id: string) => unwrap(workflow.triggers.$get({ param: { id } })),
  createWebhook: (id: string, json: Partial<CreateWebhookTriggerBody>) =>
    unwrap(workflow.triggers.$post({ param: { id }, json })),
  updateWebhook: (id: string, triggerId: string, json: UpdateWebhookTriggerBody) =>
    unwrap(workflow.triggers[":trigger_id"].$patch({ param: { id, trigger_id: triggerId }, json })),
  rotateWebhook: (id: string, triggerId: string) =>
    unwrap(workflow.triggers[":trigger_id"].rotate.$post({ param: { id, trigger_id: triggerId } })),
  deleteWebhook: (id: string, triggerId: string) =>
    unwrap(workflow.triggers[":trigger_id"].$delete({ param: { id, trigger_id: triggerId } })),
  listEvents: (id: string) => unwrap(workflow["event-triggers"].$get({ param: { id } })),
  createEvent: (id: string, json: Partial<CreateEventTriggerBody> & { source_workflow_id: string }) =>
    unwrap(workflow["event-triggers"].$post({ param: { id }, json })),
  deleteEvent: (id: string, triggerId: string) =>
    unwrap(workflow["event-triggers"][":trigger_id"].$delete({ param: { id, trigger_id: triggerId } })),
};

/** A schedule as the API returns it. */
export type ScheduleBody = NonNullable<Awaited<ReturnType<typeof triggerApi.getSchedule>>>;
/** One webhook trigger of the list. */
export type WebhookTriggerBody = Awaited<ReturnType<typeof triggerApi.listWebhooks>>["items"][number];
/** A webhook trigger with its secret (create and rotate answers). */
export type WebhookWithSecretBody = Awaited<ReturnType<typeof triggerApi.createWebhook>>;
/** One event trigger of the list. */
export type EventTriggerBody = Awaited<ReturnType<typeof triggerApi.listEvents>>["items"][number];
