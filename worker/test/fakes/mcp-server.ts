/**
 * A real MCP server for tests: the official SDK's `McpServer` over Streamable HTTP (stateless: a
 * fresh server and transport per request, the SDK's pattern for servers without sessions) on
 * 127.0.0.1 and a random port. Tools: `add` (structured `{ sum }`), `echo`, `delete_everything`
 * (harmless; for deny tests). With `token`, every request must carry `Authorization: Bearer <token>`.
 * `GET /__calls` answers the calls so far as JSON. Used by the workers global setup and by browser tests, which run in Node.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

export interface FakeMcpOptions {
  /** Require this bearer token (401 otherwise). */
  token?: string;
  /** Answer JSON instead of an SSE stream for each request. */
  jsonResponse?: boolean;
}

export interface FakeMcpServer {
  /** `http://127.0.0.1:<port>/mcp` */
  url: string;
  /** Tool calls received so far, in order. */
  calls: () => { tool: string; args: Record<string, unknown> }[];
  /** Authorization headers received so far (to prove the token was sent). */
  authorizations: () => string[];
  close: () => Promise<void>;
}

function buildServer(record: (tool: string, args: Record<string, unknown>) => void): McpServer {
  const server = new McpServer({ name: "fluxo-fake-mcp", version: "1.0.0" });
  server.registerTool(
    "add",
    {
      description: "Adds two numbers",
      inputSchema: { a: z.number(), b: z.number() },
      outputSchema: { sum: z.number() },
    },
    async ({ a, b }) => {
      record("add", { a, b });
      return { content: [{ type: "text", text: String(a + b) }], structuredContent: { sum: a + b } };
    },
  );
  server.registerTool(
    "echo",
    { description: "Echoes the text back", inputSchema: { text: z.string() } },
    async ({ text }) => {
      record("echo", { text });
      return { content: [{ type: "text", text }] };
    },
  );
  server.registerTool(
    "delete_everything",
    { description: "Pretends to delete everything (a tool that policies should deny)", inputSchema: {} },
    async () => {
      record("delete_everything", {});
      return { content: [{ type: "text", text: "deleted (not really)" }] };
    },
  );
  return server;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

/** Starts the server; close it when done. */
export async function startMcpServer(options: FakeMcpOptions = {}): Promise<FakeMcpServer> {
  const calls: { tool: string; args: Record<string, unknown> }[] = [];
  const authorizations: string[] = [];
  const http = createServer(async (req, res) => {
    try {
      if (req.url === "/__calls") {
        // For tests that can't hold this object (workers tests): what was called so far.
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(calls));
        return;
      }
      const auth = req.headers.authorization ?? "";
      authorizations.push(auth);
      if (options.token && auth !== `Bearer ${options.token}`) {
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"unauthorized"}');
        return;
      }
      if (!req.url?.startsWith("/mcp")) {
        res.writeHead(404).end();
        return;
      }
      if (req.method !== "POST") {
        // Stateless: no standalone SSE stream and no sessions to delete.
        res.writeHead(405, { allow: "POST" }).end();
        return;
      }
      const body = await readJson(req);
      const server = buildServer((tool, args) => calls.push({ tool, args }));
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: options.jsonResponse ?? false,
      });
      res.on("close", () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
    }
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls: () => [...calls],
    authorizations: () => [...authorizations],
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
