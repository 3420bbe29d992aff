/** A real MCP server (Streamable HTTP, official SDK) on 127.0.0.1 for the `workers` project. */
import type { TestProject } from "vitest/node";
import { startMcpServer } from "./fakes/mcp-server";

declare module "vitest" {
  interface ProvidedContext {
    /** `http://127.0.0.1:<port>/mcp` of the fake MCP server (no auth). */
    mcpUrl: string;
    /** The same tools behind `Authorization: Bearer fake-mcp-token-123456`. */
    mcpAuthUrl: string;
  }
}

/** The bearer token `mcpAuthUrl` requires. */
export const FAKE_MCP_TOKEN = "fake-mcp-token-123456";

export default async function setup(project: TestProject) {
  const open = await startMcpServer();
  const authed = await startMcpServer({ token: FAKE_MCP_TOKEN, jsonResponse: true });
  project.provide("mcpUrl", open.url);
  project.provide("mcpAuthUrl", authed.url);
  return async () => {
    await open.close();
    await authed.close();
  };
}
