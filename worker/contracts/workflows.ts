/** Contracts of the workflow catalog: workflows, drafts, versions, validation, import/export. */
import { z } from "@hono/zod-openapi";
import { PageQuery, Timestamp } from "./common";
import { GraphIssue } from "./workflow";

/**
 * A draft graph as the editor saves it: graph-shaped, but not necessarily valid yet (a node may
 * still lack its URL). Publishing validates it fully.
 */
export const DraftGraph = z
  .looseObject({
    nodes: z.array(z.record(z.string(), z.unknown())).max(10_000),
    edges: z.array(z.record(z.string(), z.unknown())).max(50_000),
    input_schema: z.unknown().optional(),
    settings: z.unknown().optional(),
    vars: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("DraftGraph", {
    description: "A workflow graph (SPEC §3). Drafts may be incomplete; publishing validates.",
  });
export type DraftGraph = z.infer<typeof DraftGraph>;

export const EMPTY_GRAPH: DraftGraph = { nodes: [], edges: [] };

const Tags = z.array(z.string().trim().min(1).max(40)).max(20);

export const WorkflowSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    is_template: z.boolean(),
    status: z.enum(["active", "archived"]),
    latest_version: z.number().int().openapi({ description: "0 until the first publish" }),
    draft_revision: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
    archived_at: Timestamp.nullable(),
  })
  .openapi("WorkflowSummary");
export type WorkflowSummary = z.infer<typeof WorkflowSummary>;

export const ValidationResult = z
  .object({ valid: z.boolean(), issues: z.array(GraphIssue) })
  .openapi("GraphValidation");

export const WorkflowDetail = WorkflowSummary.extend({
  draft: z.object({ graph: DraftGraph, revision: z.number().int(), validation: ValidationResult }),
}).openapi("Workflow");
export type WorkflowDetail = z.infer<typeof WorkflowDetail>;

export const WorkflowList = z
  .object({ items: z.array(WorkflowSummary), next_cursor: z.string().nullable() })
  .openapi("WorkflowList");

export const WorkflowListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().openapi({ description: "Search in names and descriptions" }),
  tag: z.string().trim().max(40).optional(),
  status: z.enum(["active", "archived", "all"]).default("active"),
  is_template: z.enum(["true", "false"]).optional(),
});

export const CreateWorkflowBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2_000).default(""),
    tags: Tags.default([]),
    is_template: z.boolean().default(false),
    graph: DraftGraph.optional(),
  })
  .openapi("CreateWorkflowRequest");

export const UpdateWorkflowBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().max(2_000).optional(),
    tags: Tags.optional(),
    is_template: z.boolean().optional(),
  })
  .openapi("UpdateWorkflowRequest");

export const SaveDraftBody = z
  .object({
    graph: DraftGraph,
    revision: z
      .number()
      .int()
      .optional()
      .openapi({ description: "The draft revision this edit started from (or send If-Match). A stale one is a 409." }),
  })
  .openapi("SaveDraftRequest");

export const PublishBody = z.object({ note: z.string().max(500).optional() }).openapi("PublishRequest");

export const WorkflowVersion = z
  .object({
    workflow_id: z.string(),
    version: z.number().int(),
    name: z.string(),
    description: z.string(),
    graph: DraftGraph,
    note: z.string().nullable(),
    published_by: z.string(),
    published_at: Timestamp,
  })
  .openapi("WorkflowVersion");

export const WorkflowVersionSummary = WorkflowVersion.omit({ graph: true }).openapi("WorkflowVersionSummary");
export const VersionList = z.object({ items: z.array(WorkflowVersionSummary) }).openapi("WorkflowVersionList");

export const VersionParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "version", in: "path" } }),
});

export const ValidateBody = z.object({ graph: z.unknown() }).openapi("ValidateRequest");

export const CloneBody = z.object({ name: z.string().trim().min(1).max(120).optional() }).openapi("CloneRequest");

/** The portable file format of `GET /workflows/:id/export` and `POST /workflows/import`. */
export const WorkflowExport = z
  .object({
    format: z.literal("fluxo.workflow"),
    format_version: z.literal(1),
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2_000).default(""),
    tags: Tags.default([]),
    graph: DraftGraph,
  })
  .openapi("WorkflowExport");
export type WorkflowExport = z.infer<typeof WorkflowExport>;
