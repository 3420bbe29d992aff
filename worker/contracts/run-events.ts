/**
 * The run event, schema version 1 (SPEC §5): what the event log stores and what WebSocket, SSE and
 * `GET /runs/:id/events` deliver. Versioned: a breaking change gets `schema_version: 2`, never an
 * edit of this one.
 */
import { z } from "@hono/zod-openapi";
import { EMITTED_EVENT_TYPES } from "../engine/run/protocol";

/** Every event type of the log: the engine's, plus the two the run object adds itself. */
export const RUN_EVENT_TYPES = ["execution.created", ...EMITTED_EVENT_TYPES, "log.appended"] as const;

export const RunEventV1 = z
  .object({
    schema_version: z.literal(1),
    event_id: z.string(),
    seq: z.number().int().min(1),
    event_type: z.enum(RUN_EVENT_TYPES),
    timestamp: z.string().datetime(),
    execution_id: z.string(),
    workflow_id: z.string(),
    organization_id: z.string(),
    correlation_id: z.string(),
    status: z.string(),
    progress: z.number().int().min(0).max(100),
    current_step: z
      .object({ index: z.number().int(), label: z.string(), node_id: z.string(), node_type: z.string() })
      .nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi("RunEventV1");
export type RunEventV1 = z.infer<typeof RunEventV1>;
