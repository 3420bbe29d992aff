/**
 * The public marketplace: the catalog, categories, items and reviews are readable without signing
 * in; publishing, editing and unpublishing are for the publisher org's admins. Install and review
 * live in `marketplace-engage.ts` and are mounted here. Another org's item answers 404 on the owner
 * routes: there is no platform moderator role, so moderation is the publisher org's admins.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import type { AppEnv } from "../context";
import { IdParam, PageQuery } from "../contracts/common";
import {
  MarketplaceCategories,
  MarketplaceCategory,
  MarketplaceItem,
  MarketplaceList,
  MarketplaceListQuery,
  PublishItemBody,
  ReviewList,
  UpdateItemBody,
} from "../contracts/marketplace";
import {
  categoryCounts,
  getOwnItem,
  getOwnItemBySource,
  getPublishedItem,
  getUserReview,
  type ItemRow,
  itemGraph,
  itemSetup,
  listReviews,
  toItemSummary,
  toReview,
  unpublishItem,
  updateItem,
  upsertItem,
} from "../db/repos/marketplace";
import { listCatalog } from "../db/repos/marketplace-catalog";
import { getVersion, getWorkflow } from "../db/repos/workflows";
import { AppError } from "../errors";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { newId } from "../lib/ids";
import { effectiveSort, normaliseTags, toFtsQuery } from "../marketplace/search";
import { stripSnapshot } from "../marketplace/strip";
import { guard, principalOf, requireAuth } from "../middleware/auth";
import { createRouter } from "../router";
import { marketplaceEngageRoutes } from "./marketplace-engage";
import { bearer, errors, json, jsonBody } from "./openapi";

const TAG = ["Marketplace"];

/** Resolves the caller when a token is sent (to say whether they published or reviewed an item); anonymous otherwise. */
function optionalAuth(): MiddlewareHandler<AppEnv> {
  const auth = requireAuth();
  return (c, next) => (c.req.header("Authorization") ? auth(c, next) : next());
}

function badCursor(): never {
  throw new AppError("bad_request", "The cursor is not valid; start again without it");
}

async function itemDetail(c: Context<AppEnv>, row: ItemRow) {
  const principal = c.get("principal");
  let viewer: { is_publisher: boolean; my_review: { rating: number; comment: string } | null } | null = null;
  if (principal) {
    viewer = {
      is_publisher: principal.orgId === row.publisher_org_id,
      my_review: principal.type === "user" ? await getUserReview(c.env.DB, row.id, principal.id) : null,
    };
  }
  return { ...toItemSummary(row), snapshot: itemGraph(row), setup: itemSetup(row), viewer };
}

const list = createRoute({
  method: "get",
  path: "/",
  tags: TAG,
  summary: "The public catalog: filter by category and tags, full-text search, sort, paginate",
  request: { query: MarketplaceListQuery },
  responses: { 200: json(MarketplaceList, "A page of items"), ...errors(400) },
});

const categories = createRoute({
  method: "get",
  path: "/categories",
  tags: TAG,
  summary: "Categories with the number of published items in each",
  responses: { 200: json(MarketplaceCategories, "Categories") },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: TAG,
  summary: "A published item with its graph preview and what an installer must set up",
  middleware: [optionalAuth()],
  request: { params: IdParam },
  responses: { 200: json(MarketplaceItem, "The item"), ...errors(401, 404) },
});

const reviews = createRoute({
  method: "get",
  path: "/{id}/reviews",
  tags: TAG,
  summary: "Reviews of a published item, newest first",
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(ReviewList, "Reviews"), ...errors(400, 404) },
});

const publish = createRoute({
  method: "post",
  path: "/",
  tags: TAG,
  summary: "Publish a version of one of my org's workflows (secrets and connection ids are stripped)",
  security: bearer,
  middleware: guard("marketplace:publish"),
  request: { body: jsonBody(PublishItemBody) },
  responses: { 201: json(MarketplaceItem, "Published"), ...errors(400, 401, 403, 404, 409) },
});

const update = createRoute({
  method: "put",
  path: "/{id}",
  tags: TAG,
  summary: "Change my org's item's title, description, category or tags",
  security: bearer,
  middleware: guard("marketplace:publish"),
  request: { params: IdParam, body: jsonBody(UpdateItemBody) },
  responses: { 200: json(MarketplaceItem, "Updated"), ...errors(400, 401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: TAG,
  summary: "Unpublish my org's item (installed copies stay)",
  security: bearer,
  middleware: guard("marketplace:publish"),
  request: { params: IdParam },
  responses: { 204: { description: "Unpublished" }, ...errors(401, 403, 404) },
});

const catalogRoutes = createRouter()
  .openapi(list, async (c) => {
    const query = c.req.valid("query");
    const match = query.q ? toFtsQuery(query.q) : null;
    const sort = effectiveSort(query.sort, match !== null);
    let after: { at: number; id: string } | undefined;
    let offset = 0;
    if (query.cursor) {
      const fields = decodeCursor(query.cursor);
      if (sort === "newest") {
        if (!fields.id || !Number.isFinite(Number(fields.at))) badCursor();
        after = { at: Number(fields.at), id: fields.id };
      } else {
        offset = Number(fields.offset);
        if (!Number.isInteger(offset) || offset < 0) badCursor();
      }
    }
    const rows = await listCatalog(c.env.DB, {
      match,
      category: query.category,
      tags: normaliseTags(query.tags?.split(",") ?? []),
      sort,
      after,
      offset,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    let next: string | null = null;
    if (rows.length > query.limit && last) {
      next =
        sort === "newest"
          ? encodeCursor({ at: String(last.created_at), id: last.id })
          : encodeCursor({ offset: String(offset + query.limit) });
    }
    return c.json({ items: page.map(toItemSummary), next_cursor: next }, 200);
  })
  .openapi(categories, async (c) => {
    const counts = await categoryCounts(c.env.DB);
    const items = MarketplaceCategory.options.map((category) => ({ category, count: counts.get(category) ?? 0 }));
    return c.json({ items }, 200);
  })
  .openapi(get, async (c) => {
    const row = await getPublishedItem(c.env.DB, c.req.valid("param").id);
    if (!row) throw new AppError("not_found", "Marketplace item not found");
    return c.json(await itemDetail(c, row), 200);
  })
  .openapi(reviews, async (c) => {
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    if (!(await getPublishedItem(c.env.DB, id))) throw new AppError("not_found", "Marketplace item not found");
    let after: { at: number; id: string } | undefined;
    if (query.cursor) {
      const fields = decodeCursor(query.cursor);
      if (!fields.id || !Number.isFinite(Number(fields.at))) badCursor();
      after = { at: Number(fields.at), id: fields.id };
    }
    const rows = await listReviews(c.env.DB, id, after, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next = rows.length > query.limit && last ? encodeCursor({ at: String(last.updated_at), id: last.id }) : null;
    return c.json({ items: page.map(toReview), next_cursor: next }, 200);
  })
  .openapi(publish, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const body = c.req.valid("json");
    const workflow = await getWorkflow(c.env.DB, scope, body.workflow_id);
    const version = workflow && (await getVersion(c.env.DB, scope, body.workflow_id, body.version));
    if (!workflow || !version) throw new AppError("not_found", `Workflow version ${body.version} not found`);
    const existing = await getOwnItemBySource(c.env.DB, scope, workflow.id, version.version);
    if (existing?.published === 1) {
      throw new AppError("conflict", "This version is already published; edit the item instead", {
        details: { item_id: existing.id },
      });
    }
    const { graph, needs } = stripSnapshot(version.graph);
    const row = await upsertItem(c.env.DB, scope, {
      id: newId("mkt"),
      resourceType: workflow.isTemplate ? "template" : "workflow_version",
      publisherUserId: principal.id,
      sourceWorkflowId: workflow.id,
      sourceVersion: version.version,
      title: body.title,
      description: body.description,
      category: body.category,
      tags: normaliseTags(body.tags),
      snapshot: graph,
      setup: needs,
      now: Date.now(),
    });
    await recordAudit(c, scope.orgId, principal, {
      action: "marketplace.published",
      targetType: "marketplace_item",
      targetId: row.id,
      metadata: { workflow_id: workflow.id, version: version.version, title: row.title },
    });
    return c.json(await itemDetail(c, row), 201);
  })
  .openapi(update, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const patch = { ...body, tags: body.tags ? normaliseTags(body.tags) : undefined };
    const row = await updateItem(c.env.DB, scope, id, patch, Date.now());
    if (!row) throw new AppError("not_found", "Marketplace item not found");
    await recordAudit(c, scope.orgId, principal, {
      action: "marketplace.updated",
      targetType: "marketplace_item",
      targetId: id,
      metadata: { changed: Object.keys(body) },
    });
    return c.json(await itemDetail(c, row), 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const scope = scopeOf(principal);
    const { id } = c.req.valid("param");
    const row = await getOwnItem(c.env.DB, scope, id);
    if (!row) throw new AppError("not_found", "Marketplace item not found");
    if (row.published === 1) {
      await unpublishItem(c.env.DB, scope, id, Date.now());
      await recordAudit(c, scope.orgId, principal, {
        action: "marketplace.unpublished",
        targetType: "marketplace_item",
        targetId: id,
        metadata: { title: row.title },
      });
    }
    return c.body(null, 204);
  });

/** Everything under `/api/v1/marketplace`. */
export const marketplaceRoutes = catalogRoutes.route("/", marketplaceEngageRoutes);
