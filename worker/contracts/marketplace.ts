/** Contracts of the public marketplace: items, catalog queries, publish/update bodies, installs and reviews. */
import { z } from "@hono/zod-openapi";
import { PageQuery, Timestamp } from "./common";
import { DraftGraph, WorkflowDetail } from "./workflows";

export const MarketplaceCategory = z.enum(["documents", "workflows", "prompts", "clauses", "agents", "runbooks"]);
export type MarketplaceCategory = z.infer<typeof MarketplaceCategory>;

export const MarketplaceSort = z.enum(["relevance", "rating", "installs", "newest"]);

/** Most characters in a review comment; longer is a 400, never truncated silently. */
export const MAX_REVIEW_COMMENT = 2_000;

const Tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, "Use letters, digits, spaces, _ . or -");
const Tags = z.array(Tag).max(10);

export const SetupNeeds = z
  .object({
    connections: z.array(z.object({ node_id: z.string(), node_type: z.string() })),
    secrets: z.array(z.object({ path: z.string(), node_id: z.string().optional() })),
    references: z.array(z.object({ node_id: z.string(), kind: z.enum(["subworkflow", "approver_users"]) })),
  })
  .openapi("MarketplaceSetupNeeds", { description: "What an installer must set up: connections, secrets, references" });
export type SetupNeeds = z.infer<typeof SetupNeeds>;

export const MarketplaceItemSummary = z
  .object({
    id: z.string(),
    resource_type: z.enum(["workflow_version", "template"]),
    title: z.string(),
    description: z.string(),
    category: MarketplaceCategory,
    tags: z.array(z.string()),
    publisher: z.object({ name: z.string() }).openapi({ description: "The publisher org's name only" }),
    published: z.boolean(),
    install_count: z.number().int(),
    rating_count: z.number().int(),
    avg_rating: z.number(),
    node_count: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("MarketplaceItemSummary");
export type MarketplaceItemSummary = z.infer<typeof MarketplaceItemSummary>;

export const MarketplaceItem = MarketplaceItemSummary.extend({
  snapshot: DraftGraph,
  setup: SetupNeeds,
  viewer: z
    .object({
      is_publisher: z.boolean(),
      my_review: z.object({ rating: z.number().int(), comment: z.string() }).nullable(),
    })
    .nullable()
    .openapi({ description: "About the signed-in caller (null when anonymous)" }),
}).openapi("MarketplaceItem");
export type MarketplaceItem = z.infer<typeof MarketplaceItem>;

export const MarketplaceList = z
  .object({ items: z.array(MarketplaceItemSummary), next_cursor: z.string().nullable() })
  .openapi("MarketplaceList");

/** Tags arrive as `?tag=a&tag=b` or `?tags=a,b`; an item must carry all of them. */
export const MarketplaceListQuery = PageQuery.extend({
  q: z.string().max(200).optional().openapi({ description: "Full-text search over title, description and tags" }),
  category: MarketplaceCategory.optional(),
  tags: z.string().max(400).optional().openapi({ description: "Comma-separated; items must have all of them" }),
  sort: MarketplaceSort.optional().openapi({ description: "Default: relevance with q, newest otherwise" }),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});

export const MarketplaceCategories = z
  .object({ items: z.array(z.object({ category: MarketplaceCategory, count: z.number().int() })) })
  .openapi("MarketplaceCategories");

export const PublishItemBody = z
  .object({
    workflow_id: z.string().min(1).max(100),
    version: z.number().int().min(1),
    title: z.string().trim().min(3).max(120),
    description: z.string().trim().max(4_000).default(""),
    category: MarketplaceCategory,
    tags: Tags.default([]),
  })
  .openapi("PublishMarketplaceItem");

export const UpdateItemBody = z
  .object({
    title: z.string().trim().min(3).max(120).optional(),
    description: z.string().trim().max(4_000).optional(),
    category: MarketplaceCategory.optional(),
    tags: Tags.optional(),
  })
  .openapi("UpdateMarketplaceItem");

export const InstallBody = z
  .object({ name: z.string().trim().min(1).max(120).optional() })
  .openapi("InstallMarketplaceItem");

export const InstallResult = z
  .object({ workflow: WorkflowDetail, version: z.number().int(), setup: SetupNeeds })
  .openapi("MarketplaceInstall");

export const ReviewBody = z
  .object({
    rating: z.number().int().min(1).max(5),
    comment: z.string().trim().max(MAX_REVIEW_COMMENT).default(""),
  })
  .openapi("MarketplaceReviewBody");

export const Review = z
  .object({
    id: z.string(),
    rating: z.number().int(),
    comment: z.string().openapi({ description: "Plain text; clients must render it as text, never HTML" }),
    reviewer: z.object({ name: z.string() }),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("MarketplaceReview");
export type Review = z.infer<typeof Review>;

export const ReviewResult = z
  .object({ review: Review, created: z.boolean(), rating_count: z.number().int(), avg_rating: z.number() })
  .openapi("MarketplaceReviewResult");

export const ReviewList = z
  .object({ items: z.array(Review), next_cursor: z.string().nullable() })
  .openapi("MarketplaceReviewList");
