/** MCP servers added by users, tool policies per org, and usage events (tool calls, LLM tokens and cost). */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

/** A user-added MCP server of one org (org-level servers come from `MCP_ORG_SERVERS`, not this table). */
export const mcpServers = sqliteTable(
  "mcp_servers",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    /** Unique per org, `^[a-z0-9][a-z0-9_-]{0,39}$`; the `<label>` of tool keys `<label>/<tool>`. */
    label: text("label").notNull(),
    url: text("url").notNull(),
    authType: text("auth_type", { enum: ["none", "bearer", "header"] }).notNull(),
    /** The header that carries the token when `auth_type` is `header`. */
    headerName: text("header_name"),
    /** `sealSecret` of the token, bound to the row id as AAD; NULL when there is no token. */
    tokenCiphertext: text("token_ciphertext"),
    tokenKeyId: text("token_key_id"),
    tokenHint: text("token_hint"),
    /** JSON array of tool names the org allows on this server (required, may be empty). */
    allowedTools: text("allowed_tools", { mode: "json" }).notNull().default("[]"),
    rateLimitPerMin: integer("rate_limit_per_min").notNull().default(100),
    status: text("status", { enum: ["unknown", "online", "offline"] })
      .notNull()
      .default("unknown"),
    latencyMs: integer("latency_ms"),
    lastTestedAt: integer("last_tested_at"),
    /** JSON array of `{ name, description, input_schema }` from the last successful test. */
    tools: text("tools", { mode: "json" }).notNull().default("[]"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("mcp_servers_org_label_idx").on(t.orgId, t.label)],
);

/**
 * An org's policy for a tool pattern (`*`, `<label>/*`, `<label>/<tool>`): an ALLOW / ASK / DENY
 * decision and/or a per-tool call limit (the API refuses a row with neither).
 */
export const toolPolicies = sqliteTable(
  "tool_policies",
  {
    orgId: text("org_id").notNull(),
    pattern: text("pattern").notNull(),
    /** NULL: the row only limits calls; the decision is inherited from a wider pattern. */
    decision: text("decision", { enum: ["allow", "ask", "deny"] }),
    /** Calls per minute per org for the tool (a wildcard row limits its tools together); NULL: no limit. */
    rateLimitPerMin: integer("rate_limit_per_min"),
    updatedBy: text("updated_by").notNull(),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.pattern] })],
);

/** One metered use: a tool call or an LLM completion. Cost in micro-USD so sums stay exact. */
export const usageEvents = sqliteTable(
  "usage_events",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    runId: text("run_id"),
    workflowId: text("workflow_id"),
    kind: text("kind", { enum: ["llm", "tool"] }).notNull(),
    /** The model (`llm`) or the tool key `<label>/<tool>` (`tool`). */
    key: text("key").notNull(),
    calls: integer("calls").notNull().default(1),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    costMicroUsd: integer("cost_micro_usd").notNull().default(0),
    at: integer("at").notNull(),
  },
  (t) => [index("usage_events_org_at_idx").on(t.orgId, t.at), index("usage_events_run_idx").on(t.runId)],
);
