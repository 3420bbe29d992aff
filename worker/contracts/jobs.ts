/** The jobs API on the wire: a job is a run of a runbook (`runs.kind = 'job'`), with its steps, output and artifacts. */
import { z } from "@hono/zod-openapi";
import { PageQuery, Timestamp } from "./common";
import { RunStatus } from "./runs";

/** Where a job came from: a person (null) or an approved AI plan. */
export const JobSource = z.object({ kind: z.literal("ai_plan"), plan_id: z.string() }).openapi("JobSource");
export type JobSource = z.infer<typeof JobSource>;

export const Job = z
  .object({
    id: z.string().openapi({ description: "The job id, which is also its run id (/api/v1/runs/{id} works)" }),
    runbook: z.string(),
    title: z.string(),
    risk: z.enum(["low", "medium", "high"]),
    status: RunStatus,
    wait_reason: z.string().nullable(),
    dry_run: z.boolean().openapi({ description: "The runbook's dry_run input was true (nothing was changed)" }),
    inputs: z.record(z.string(), z.unknown()).openapi({ description: "The inputs, secret-looking values redacted" }),
    created_by: z.string(),
    created_at: Timestamp,
    started_at: Timestamp.nullable(),
    completed_at: Timestamp.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    source: JobSource.nullable(),
  })
  .openapi("Job");
export type Job = z.infer<typeof Job>;

export const JobStep = z.object({
  node_id: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  started_at: Timestamp.nullable(),
  completed_at: Timestamp.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type JobStep = z.infer<typeof JobStep>;

export const JobDetail = Job.extend({
  steps: z.array(JobStep),
  output: z
    .unknown()
    .openapi({ description: "Outputs of the final steps that succeeded, by node id (null until then)" }),
}).openapi("JobDetail");
export type JobDetail = z.infer<typeof JobDetail>;

export const JobListQuery = PageQuery.extend({
  runbook: z.string().max(100).optional(),
  status: RunStatus.optional(),
});

export const JobList = z.object({ items: z.array(Job), next_cursor: z.string().nullable() }).openapi("JobList");

export const Artifact = z
  .object({
    name: z.string().openapi({ example: "output.json" }),
    size: z.number().int(),
    content_type: z.string(),
    url: z.string().openapi({ description: "Authenticated download URL (same bearer token or key)" }),
  })
  .openapi("JobArtifact");
export type Artifact = z.infer<typeof Artifact>;

export const ArtifactList = z.object({ items: z.array(Artifact) }).openapi("JobArtifactList");
