/** The runbooks API on the wire: the catalog entries and the execute request/response (SPEC §10). */
import { z } from "@hono/zod-openapi";

/** A runbook as the catalog shows it (the workflow graph stays on the server). */
export const Runbook = z
  .object({
    name: z.string().openapi({ example: "cloudflare_dns_bulk" }),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    risk: z.enum(["low", "medium", "high"]),
    version: z.number().int(),
    required_connections: z.array(z.object({ key: z.string(), description: z.string(), type: z.string().optional() })),
    schema_json: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema of the inputs (the form)" }),
    supports_dry_run: z.boolean(),
  })
  .openapi("Runbook");
export type Runbook = z.infer<typeof Runbook>;

export const RunbookList = z.object({ items: z.array(Runbook) }).openapi("RunbookList");

export const RunbookNameParam = z.object({
  name: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "name", in: "path" }, example: "cloudflare_dns_bulk" }),
});

export const ExecuteRunbookBody = z
  .object({
    inputs: z.record(z.string(), z.unknown()).default({}),
    connections: z
      .record(z.string().max(100), z.string().min(1).max(100))
      .default({})
      .openapi({ description: "Connection id bound to each of the runbook's required connection keys" }),
    dry_run: z
      .boolean()
      .optional()
      .openapi({ description: "Sets the runbook's `dry_run` input: show what would change, change nothing" }),
  })
  .openapi("ExecuteRunbookRequest");
export type ExecuteRunbookBody = z.infer<typeof ExecuteRunbookBody>;

export const ExecuteRunbookResult = z
  .object({ job_id: z.string(), status: z.string() })
  .openapi("ExecuteRunbookResult");
