/** Contracts of organizations and their settings. */
import { z } from "@hono/zod-openapi";
import { AiSettings } from "./ai";
import { Role } from "./roles";

/** Per-org limits (SPEC §8); every field optional, defaults in `DEFAULT_LIMITS`. */
export const OrgLimits = z
  .object({
    max_nodes_per_workflow: z.number().int().min(1).max(10_000),
    node_timeout_ms: z.number().int().min(1_000).max(86_400_000),
    run_timeout_ms: z
      .number()
      .int()
      .min(1_000)
      .max(7 * 86_400_000),
    max_concurrent_runs_per_user: z.number().int().min(1).max(1_000),
    max_run_input_bytes: z
      .number()
      .int()
      .min(1_024)
      .max(10 * 1024 * 1024),
    /** How long a finished run keeps its event log and structured logs (its summary stays). */
    event_retention_ms: z
      .number()
      .int()
      .min(1_000)
      .max(3_650 * 86_400_000),
  })
  .partial()
  .openapi("OrgLimits");
export type OrgLimits = z.infer<typeof OrgLimits>;

export const DEFAULT_LIMITS: Required<OrgLimits> = {
  max_nodes_per_workflow: 50,
  node_timeout_ms: 120_000,
  run_timeout_ms: 1_800_000,
  max_concurrent_runs_per_user: 5,
  max_run_input_bytes: 1024 * 1024,
  event_retention_ms: 30 * 86_400_000,
};

export const OrgSettings = z
  .object({
    limits: OrgLimits.optional(),
    /** The AI assistant's LLM connection and model; null or absent: AI operations answer `ai_not_configured`. */
    ai: AiSettings.nullable().optional(),
  })
  .openapi("OrgSettings");
export type OrgSettings = z.infer<typeof OrgSettings>;

export const Org = z
  .object({ id: z.string(), name: z.string(), role: Role, settings: OrgSettings, limits: OrgLimits.required() })
  .openapi("OrgDetail");

export const CreateOrgBody = z.object({ name: z.string().trim().min(1).max(100) }).openapi("CreateOrgRequest");

export const UpdateOrgBody = z
  .object({ name: z.string().trim().min(1).max(100).optional(), settings: OrgSettings.optional() })
  .openapi("UpdateOrgRequest");
