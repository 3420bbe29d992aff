/**
 * Marketplace actions for signed-in users of any org: install a published item (a new workflow in
 * my org with its own version 1) and review it (one review per user, editable; never your own org's item).
 */
import { createRoute } from "@hono/zod-openapi";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { IdParam } from "../contracts/common";
import { InstallBody, InstallResult, ReviewBody, ReviewResult } from "../contracts/marketplace";
import { getPublishedItem, itemGraph, itemSetup, recordInstall, upsertReview } from "../db/repos/marketplace";
import { getOrgLimits } from "../db/repos/orgs";
import { insertWorkflow, publishVersion, toSummary } from "../db/repos/workflows";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { validateWorkflowGraph } from "../workflows/validation";
import { bearer, errors, json, jsonBody } from "./openapi";

const TAG = ["Marketplace"];

const install = createRoute({
  method: "post",
  path: "/{id}/install",
  tags: TAG,
  summary: "Install a published item into my org as a new workflow (version 1) and list what to set up",
  security: bearer,
  middleware: guard("marketplace:install"),
  request: {
    params: IdParam,
    body: { required: false, content: { "application/json": { schema: InstallBody } } },
  },
  responses: { 201: json(InstallResult, "Installed"), ...errors(400, 401, 403, 404) },
});

const review = createRoute({
  method: "post",
  path: "/{id}/review",
  tags: TAG,
  summary: "Rate (1–5) and comment; a second review by the same user edits the first",
  security: bearer,
  middleware: guard("marketplace:review"),
  request: { params: IdParam, body: jsonBody(ReviewBody) },
  responses: {
    200: json(ReviewResult, "Review edited"),
    201: json(ReviewResult, "Review created"),
    ...errors(400, 401, 403, 404),
  },
});

export const marketplaceEngageRoutes = createRouter()
  .openapi(install, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const { name } = c.req.valid("json");
    const item = await getPublishedItem(c.env.DB, id);
    if (!item) throw new AppError("not_found", "Marketplace item not found");
    const graph = itemGraph(item);
    const limits = await getOrgLimits(c.env.DB, scope);
    const workflow = await insertWorkflow(c.env.DB, scope, {
      id: newId("wf"),
      name: name ?? item.title,
      description: item.description,
      tags: JSON.parse(item.tags) as string[],
      draftGraph: graph,
      createdBy: principal.id,
    });
    // The snapshot was valid when published; an org with tighter limits keeps it as a draft to fix.
    const validation = await validateWorkflowGraph(graph, limits);
    const published = validation.valid
      ? await publishVersion(
          c.env.DB,
          scope,
          workflow,
          graph,
          principal.id,
          `Installed from the marketplace: ${item.title}`,
        )
      : undefined;
    await recordInstall(c.env.DB, scope, {
      id: newId("ins"),
      itemId: item.id,
      userId: principal.id,
      workflowId: workflow.id,
      now: Date.now(),
    });
    await recordAudit(c, scope.orgId, principal, {
      action: "marketplace.installed",
      targetType: "workflow",
      targetId: workflow.id,
      metadata: { item_id: item.id, title: item.title },
    });
    const summary = toSummary({ ...workflow, latestVersion: published?.version ?? 0 });
    return c.json(
      {
        workflow: { ...summary, draft: { graph, revision: workflow.draftRevision, validation } },
        version: published?.version ?? 0,
        setup: itemSetup(item),
      },
      201,
    );
  })
  .openapi(review, async (c) => {
    const principal = principalOf(c);
    if (principal.type !== "user") throw new AppError("forbidden", "Reviews are written by people, not API keys");
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const item = await getPublishedItem(c.env.DB, id);
    if (!item) throw new AppError("not_found", "Marketplace item not found");
    if (item.publisher_org_id === principal.orgId || item.publisher_user_id === principal.id) {
      throw new AppError("forbidden", "You can't review an item your organization published");
    }
    const result = await upsertReview(c.env.DB, scope, {
      id: newId("rev"),
      itemId: id,
      userId: principal.id,
      rating: body.rating,
      comment: body.comment,
      now: Date.now(),
    });
    await recordAudit(c, scope.orgId, principal, {
      action: "marketplace.reviewed",
      targetType: "marketplace_item",
      targetId: id,
      metadata: { rating: body.rating, edited: !result.created },
    });
    const payload = {
      review: result.review,
      created: result.created,
      rating_count: result.ratingCount,
      avg_rating: result.avgRating,
    };
    return result.created ? c.json(payload, 201) : c.json(payload, 200);
  });
