/**
 * The MCP server and tool calls the settings pages make, through the typed client, with their TanStack Query keys.
 * One place, so the MCP and policy pages invalidate the same keys (a test or a whitelist change alters both).
 */
import { api, unwrap } from "../../../lib/api";
import type { McpServerCreateBody, McpServerUpdateBody } from "./mcp-form";

/** Query keys shared by the MCP servers and tool policies pages. */
export const MCP_KEYS = {
  servers: ["mcp", "servers"],
  tools: ["mcp", "tools"],
} as const;

const servers = api.api.v1.mcp["user-servers"];

/** The org's and the caller's MCP servers (`GET /mcp/user-servers`). */
export function listServers() {
  return unwrap(servers.$get());
}

/** Adds a server (`POST /mcp/user-servers` → 201). */
export function createServer(body: McpServerCreateBody) {
  return unwrap(servers.$post({ json: body }));
}

/** Changes a server; fields left out stay as they are (`PUT /mcp/user-servers/:label`). */
export function updateServer(label: string, body: McpServerUpdateBody) {
  return unwrap(servers[":label"].$put({ param: { label }, json: body }));
}

/** Removes a server (`DELETE /mcp/user-servers/:label` → 204). */
export async function deleteServer(label: string): Promise<void> {
  await unwrap(servers[":label"].$delete({ param: { label } }));
}

/** Connects to the server now: status, latency and its tools (`POST /mcp/user-servers/:label/test`). */
export function testServer(label: string) {
  return unwrap(servers[":label"].test.$post({ param: { label } }));
}

/** Every tool the org can see with its effective policy (`GET /mcp/tools/search`). */
export function searchTools(q?: string) {
  return unwrap(api.api.v1.mcp.tools.search.$get({ query: q ? { q } : {} }));
}
