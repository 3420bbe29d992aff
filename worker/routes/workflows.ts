/**
 * The workflow catalog: CRUD, drafts with optimistic concurrency, immutable versions, validation,
 * clone, archive, import and export. Reads for every member; writes for admins.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../audit/audit";
import { type OrgScope, scopeOf } from "../auth/principal";
import type { AppEnv } from "../context";
import { IdParam } from "../contracts/common";
import {
  CloneBody,
  CreateWorkflowBody,
  type DraftGraph,
  EMPTY_GRAPH,
  PublishBody,
  SaveDraftBody,
  UpdateWorkflowBody,
  ValidateBody,
  ValidationResult,
  VersionList,
  VersionParam,
  WorkflowDetail,
  WorkflowExport,
  WorkflowList,
  WorkflowListQuery,
  WorkflowSummary,
  WorkflowVersion,
} from "../contracts/workflows";
import { getOrgLimits } from "../db/repos/orgs";
import {
  deleteUnpublished,
  getVersion,
  getWorkflow,
  insertWorkflow,
  listVersions,
  listWorkflows,
  publishVersion,
  saveDraft,
  toSummary,
  toVersion,
  updateWorkflowMeta,
  type WorkflowRow,
} from "../db/repos/workflows";
import { AppError } from "../errors";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { validateWorkflowGraph } from "../workflows/validation";
import { bearer, errors, json, jsonBody } from "./openapi";

const TAG = ["Workflows"];

async function mustGet(c: Context<AppEnv>, scope: OrgScope, id: string): Promise<WorkflowRow> {
  const row = await getWorkflow(c.env.DB, scope, id);
  if (!row) throw new AppError("not_found", "Workflow not found");
  return row;
}

async function detail(c: Context<AppEnv>, scope: OrgScope, row: WorkflowRow) {
  const limits = await getOrgLimits(c.env.DB, scope);
  const graph = row.draftGraph as DraftGraph;
  return {
    ...toSummary(row),
    draft: { graph, revision: row.draftRevision, validation: await validateWorkflowGraph(graph, limits) },
  };
}

/** The revision a draft save started from: `If-Match` (an ETag like `"r3"`) or the body's `revision`. */
function expectedRevision(c: Context<AppEnv>, fromBody: number | undefined): number {
  const header = c.req.header("If-Match");
  if (header) {
    const match = /^(?:W\/)?"?r?(\d+)"?$/.exec(header.trim());
    if (!match?.[1]) throw new AppError("bad_request", 'If-Match must be the draft ETag, e.g. "r3"');
    return Number(match[1]);
  }
  if (fromBody === undefined) {
    throw new AppError(
      "precondition_failed",
      "Send the draft revision you edited (If-Match or `revision`) so concurrent edits aren't lost",
    );
  }
  return fromBody;
}

const etag = (revision: number) => `"r${revision}"`;

const list = createRoute({
  method: "get",
  path: "/",
  tags: TAG,
  summary: "List workflows (search by name or description, filter by tag)",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { query: WorkflowListQuery },
  responses: { 200: json(WorkflowList, "A page of workflows"), ...errors(400, 401) },
});

const create = createRoute({
  method: "post",
  path: "/",
  tags: TAG,
  summary: "Create a workflow with a draft",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { body: jsonBody(CreateWorkflowBody) },
  responses: { 201: json(WorkflowDetail, "Created"), ...errors(400, 401, 403) },
});

const validate = createRoute({
  method: "post",
  path: "/validate",
  tags: TAG,
  summary: "Validate a graph and list every problem",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { body: jsonBody(ValidateBody) },
  responses: { 200: json(ValidationResult, "Validation result"), ...errors(400, 401) },
});

const importRoute = createRoute({
  method: "post",
  path: "/import",
  tags: TAG,
  summary: "Create a workflow from an exported JSON file",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { body: jsonBody(WorkflowExport) },
  responses: { 201: json(WorkflowDetail, "Imported"), ...errors(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: TAG,
  summary: "A workflow with its draft and the draft's validation",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { params: IdParam },
  responses: { 200: json(WorkflowDetail, "The workflow"), ...errors(401, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  tags: TAG,
  summary: "Rename, describe, tag or mark as template",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam, body: jsonBody(UpdateWorkflowBody) },
  responses: { 200: json(WorkflowSummary, "Updated"), ...errors(400, 401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: TAG,
  summary: "Delete a never-published workflow, or archive a published one (versions stay readable)",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted or archived" }, ...errors(401, 403, 404) },
});

const archive = createRoute({
  method: "post",
  path: "/{id}/archive",
  tags: TAG,
  summary: "Archive (hidden from lists; versions stay readable and pinned runs keep working)",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam },
  responses: { 200: json(WorkflowSummary, "Archived"), ...errors(401, 403, 404) },
});

const unarchive = createRoute({
  method: "post",
  path: "/{id}/unarchive",
  tags: TAG,
  summary: "Bring an archived workflow back",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam },
  responses: { 200: json(WorkflowSummary, "Active again"), ...errors(401, 403, 404) },
});

const saveDraftRoute = createRoute({
  method: "put",
  path: "/{id}/draft",
  tags: TAG,
  summary: "Save the draft graph (optimistic concurrency: a stale revision is a 409)",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam, body: jsonBody(SaveDraftBody) },
  responses: { 200: json(WorkflowDetail, "Saved"), ...errors(400, 401, 403, 404, 409) },
});

const publish = createRoute({
  method: "post",
  path: "/{id}/versions",
  tags: TAG,
  summary: "Publish the draft as the next immutable version",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: PublishBody } } } },
  responses: { 201: json(WorkflowVersion, "Published"), ...errors(400, 401, 403, 404, 409) },
});

const versions = createRoute({
  method: "get",
  path: "/{id}/versions",
  tags: TAG,
  summary: "Published versions, newest first",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { params: IdParam },
  responses: { 200: json(VersionList, "Versions"), ...errors(401, 404) },
});

const version = createRoute({
  method: "get",
  path: "/{id}/versions/{version}",
  tags: TAG,
  summary: "One published version, with its graph",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { params: VersionParam },
  responses: { 200: json(WorkflowVersion, "The version"), ...errors(400, 401, 404) },
});

const clone = createRoute({
  method: "post",
  path: "/{id}/clone",
  tags: TAG,
  summary: "Copy a workflow's draft into a new workflow",
  security: bearer,
  middleware: guard("workflows:write"),
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: CloneBody } } } },
  responses: { 201: json(WorkflowDetail, "The copy"), ...errors(400, 401, 403, 404) },
});

const exportRoute = createRoute({
  method: "get",
  path: "/{id}/export",
  tags: TAG,
  summary: "Download the workflow (its draft) as a JSON file",
  security: bearer,
  middleware: guard("workflows:read"),
  request: { params: IdParam },
  responses: { 200: json(WorkflowExport, "The file"), ...errors(401, 404) },
});

export const workflowsRoutes = createRouter()
  .openapi(list, async (c) => {
    const query = c.req.valid("query");
    const scope = scopeOf(principalOf(c));
    let after: { updatedAt: number; id: string } | undefined;
    if (query.cursor) {
      const { at, id } = decodeCursor(query.cursor);
      if (!id || !Number.isFinite(Number(at)))
        throw new AppError("bad_request", "The cursor is not valid; start again without it");
      after = { updatedAt: Number(at), id };
    }
    const rows = await listWorkflows(c.env.DB, scope, {
      q: query.q,
      tag: query.tag,
      status: query.status,
      isTemplate: query.is_template === undefined ? undefined : query.is_template === "true",
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next = rows.length > query.limit && last ? encodeCursor({ at: String(last.updatedAt), id: last.id }) : null;
    return c.json({ items: page.map(toSummary), next_cursor: next }, 200);
  })
  .openapi(create, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const body = c.req.valid("json");
    const row = await insertWorkflow(c.env.DB, scope, {
      id: newId("wf"),
      name: body.name,
      description: body.description,
      tags: body.tags,
      isTemplate: body.is_template,
      draftGraph: body.graph ?? EMPTY_GRAPH,
      createdBy: principal.id,
    });
    await recordAudit(c, scope.orgId, principal, {
      action: "workflow.created",
      targetType: "workflow",
      targetId: row.id,
      metadata: { name: row.name },
    });
    c.header("ETag", etag(row.draftRevision));
    return c.json(await detail(c, scope, row), 201);
  })
  .openapi(validate, async (c) => {
    const scope = scopeOf(principalOf(c));
    const { graph } = c.req.valid("json");
    return c.json(await validateWorkflowGraph(graph, await getOrgLimits(c.env.DB, scope)), 200);
  })
  .openapi(importRoute, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const file = c.req.valid("json");
    const row = await insertWorkflow(c.env.DB, scope, {
      id: newId("wf"),
      name: file.name,
      description: file.description,
      tags: file.tags,
      draftGraph: file.graph,
      createdBy: principal.id,
    });
    await recordAudit(c, scope.orgId, principal, {
      action: "workflow.imported",
      targetType: "workflow",
      targetId: row.id,
      metadata: { name: row.name },
    });
    return c.json(await detail(c, scope, row), 201);
  })
  .openapi(get, async (c) => {
    const scope = scopeOf(principalOf(c));
    const row = await mustGet(c, scope, c.req.valid("param").id);
    c.header("ETag", etag(row.draftRevision));
    return c.json(await detail(c, scope, row), 200);
  })
  .openapi(update, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    await mustGet(c, scope, id);
    const row = await updateWorkflowMeta(c.env.DB, scope, id, {
      name: body.name,
      description: body.description,
      tags: body.tags,
      isTemplate: body.is_template,
    });
    if (!row) throw new AppError("not_found", "Workflow not found");
    await recordAudit(c, scope.orgId, principal, {
      action: "workflow.updated",
      targetType: "workflow",
      targetId: id,
      metadata: { changed: Object.keys(body) },
    });
    return c.json(toSummary(row), 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const row = await mustGet(c, scope, id);
    if (row.latestVersion === 0 && (await deleteUnpublished(c.env.DB, scope, id))) {
      await recordAudit(c, scope.orgId, principal, {
        action: "workflow.deleted",
        targetType: "workflow",
        targetId: id,
        metadata: { name: row.name },
      });
    } else if (row.status !== "archived") {
      await updateWorkflowMeta(c.env.DB, scope, id, { status: "archived", archivedAt: Date.now() });
      await recordAudit(c, scope.orgId, principal, {
        action: "workflow.archived",
        targetType: "workflow",
        targetId: id,
      });
    }
    return c.body(null, 204);
  })
  .openapi(archive, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    let row = await mustGet(c, scope, id);
    if (row.status !== "archived") {
      row = (await updateWorkflowMeta(c.env.DB, scope, id, { status: "archived", archivedAt: Date.now() })) ?? row;
      await recordAudit(c, scope.orgId, principal, {
        action: "workflow.archived",
        targetType: "workflow",
        targetId: id,
      });
    }
    return c.json(toSummary(row), 200);
  })
  .openapi(unarchive, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    let row = await mustGet(c, scope, id);
    if (row.status === "archived") {
      row = (await updateWorkflowMeta(c.env.DB, scope, id, { status: "active", archivedAt: null })) ?? row;
      await recordAudit(c, scope.orgId, principal, {
        action: "workflow.unarchived",
        targetType: "workflow",
        targetId: id,
      });
    }
    return c.json(toSummary(row), 200);
  })
  .openapi(saveDraftRoute, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const current = await mustGet(c, scope, id);
    const expected = expectedRevision(c, body.revision);
    const row = await saveDraft(c.env.DB, scope, id, body.graph, expected);
    if (!row) {
      throw new AppError("conflict", "Someone saved this draft since you opened it; reload to see their changes", {
        details: { your_revision: expected, current_revision: current.draftRevision },
      });
    }
    c.header("ETag", etag(row.draftRevision));
    return c.json(await detail(c, scope, row), 200);
  })
  .openapi(publish, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const { note } = c.req.valid("json");
    const row = await mustGet(c, scope, id);
    if (row.status === "archived") throw new AppError("conflict", "Unarchive the workflow before publishing");
    const graph = row.draftGraph as DraftGraph;
    const result = await validateWorkflowGraph(graph, await getOrgLimits(c.env.DB, scope));
    if (!result.valid) {
      throw new AppError(
        "validation_failed",
        `The draft has ${result.issues.length} problem(s); fix them before publishing`,
        {
          details: { issues: result.issues },
        },
      );
    }
    const published = await publishVersion(c.env.DB, scope, row, graph, principal.id, note);
    if (!published) throw new AppError("conflict", "Another publish happened at the same time; try again");
    await recordAudit(c, scope.orgId, principal, {
      action: "workflow.published",
      targetType: "workflow",
      targetId: id,
      metadata: { version: published.version, note: note ?? null },
    });
    return c.json(toVersion(published), 201);
  })
  .openapi(versions, async (c) => {
    const scope = scopeOf(principalOf(c));
    const { id } = c.req.valid("param");
    await mustGet(c, scope, id);
    const rows = await listVersions(c.env.DB, scope, id);
    return c.json(
      {
        items: rows.map((r) => {
          const { graph: _graph, ...rest } = toVersion(r);
          return rest;
        }),
      },
      200,
    );
  })
  .openapi(version, async (c) => {
    const scope = scopeOf(principalOf(c));
    const { id, version: n } = c.req.valid("param");
    const row = await getVersion(c.env.DB, scope, id, n);
    if (!row) throw new AppError("not_found", `Workflow version ${n} not found`);
    return c.json(toVersion(row), 200);
  })
  .openapi(clone, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const { name } = c.req.valid("json");
    const source = await mustGet(c, scope, id);
    const row = await insertWorkflow(c.env.DB, scope, {
      id: newId("wf"),
      name: name ?? `${source.name} (copy)`,
      description: source.description,
      tags: source.tags,
      isTemplate: false,
      draftGraph: source.draftGraph,
      createdBy: principal.id,
    });
    await recordAudit(c, scope.orgId, principal, {
      action: "workflow.cloned",
      targetType: "workflow",
      targetId: row.id,
      metadata: { source_id: id },
    });
    return c.json(await detail(c, scope, row), 201);
  })
  .openapi(exportRoute, async (c) => {
    const scope = scopeOf(principalOf(c));
    const row = await mustGet(c, scope, c.req.valid("param").id);
    const file = {
      format: "fluxo.workflow" as const,
      format_version: 1 as const,
      name: row.name,
      description: row.description,
      tags: row.tags as string[],
      graph: row.draftGraph as DraftGraph,
    };
    const safeName = row.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60) || "workflow";
    c.header("Content-Disposition", `attachment; filename="${safeName}.fluxo.json"`);
    return c.json(file, 200);
  });
