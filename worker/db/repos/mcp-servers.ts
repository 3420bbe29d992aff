/** User-added MCP servers of one org. Every function takes the `OrgScope` it works in; rows hold the sealed token. */
import { and, asc, eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { McpServer, McpTool } from "../../contracts/mcp";
import { createDb } from "../client";
import { mcpServers } from "../schema";

export type McpServerRow = typeof mcpServers.$inferSelect;

/** The JSON columns, typed (they are only ever written from these types). */
export function allowedToolsOf(row: Pick<McpServerRow, "allowedTools">): string[] {
  return Array.isArray(row.allowedTools) ? (row.allowedTools as string[]) : [];
}
export function toolsOf(row: Pick<McpServerRow, "tools">): McpTool[] {
  return Array.isArray(row.tools) ? (row.tools as McpTool[]) : [];
}

/** The API form of a row: the token's masked hint only, never the sealed token. */
export function toMcpServer(row: McpServerRow): McpServer {
  return {
    label: row.label,
    url: row.url,
    auth_type: row.authType,
    header_name: row.headerName,
    token_hint: row.tokenHint,
    allowed_tools: allowedToolsOf(row),
    source: "user",
    status: row.status,
    latency_ms: row.latencyMs,
    last_tested_at: row.lastTestedAt,
    tools: toolsOf(row),
    rate_limit_per_min: row.rateLimitPerMin,
    created_at: row.createdAt,
  };
}

export async function listMcpServers(d1: D1Database, scope: OrgScope): Promise<McpServerRow[]> {
  return createDb(d1).select().from(mcpServers).where(eq(mcpServers.orgId, scope.orgId)).orderBy(asc(mcpServers.label));
}

export async function getMcpServer(d1: D1Database, scope: OrgScope, label: string): Promise<McpServerRow | undefined> {
  return createDb(d1)
    .select()
    .from(mcpServers)
    .where(and(eq(mcpServers.orgId, scope.orgId), eq(mcpServers.label, label)))
    .get();
}

export async function insertMcpServer(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof mcpServers.$inferInsert, "orgId">,
): Promise<McpServerRow> {
  const [row] = await createDb(d1)
    .insert(mcpServers)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("mcp server insert returned nothing");
  return row;
}

export async function updateMcpServer(
  d1: D1Database,
  scope: OrgScope,
  label: string,
  values: Partial<Omit<typeof mcpServers.$inferInsert, "orgId" | "id" | "label">>,
): Promise<McpServerRow | undefined> {
  const [row] = await createDb(d1)
    .update(mcpServers)
    .set(values)
    .where(and(eq(mcpServers.orgId, scope.orgId), eq(mcpServers.label, label)))
    .returning();
  return row;
}

export async function deleteMcpServer(d1: D1Database, scope: OrgScope, label: string): Promise<boolean> {
  const rows = await createDb(d1)
    .delete(mcpServers)
    .where(and(eq(mcpServers.orgId, scope.orgId), eq(mcpServers.label, label)))
    .returning({ id: mcpServers.id });
  return rows.length > 0;
}
