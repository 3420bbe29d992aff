/**
 * The MCP client: the official SDK `Client` over Streamable HTTP, with every request sent through
 * the network policy's `safeFetch`. One short-lived client per operation (initialize, then list or
 * call), because a Worker request can't keep a session open between calls.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker-provider.js";
import type { McpTool } from "../contracts/mcp";
import { FetchFailedError, type FetchLike, type NetworkPolicy, NetworkPolicyError, safeFetch } from "../net";
import { APP_VERSION } from "../version";

/** Where a server is and the headers that authenticate us (already decrypted; never logged). */
export interface McpEndpoint {
  url: string;
  headers: Record<string, string>;
}

/** What each operation needs: the org's network policy, a clock, a time budget and a cancel signal. */
export interface McpCallOptions {
  policy: NetworkPolicy;
  now: () => number;
  /** Whole-operation budget in ms (initialize + the request); default 15 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Test seam: the fetch `safeFetch` drives. */
  fetchImpl?: FetchLike;
}

/** Why an MCP operation failed; `message` is for people and never holds the token. */
export class McpClientError extends Error {
  readonly code: "mcp_server_unreachable" | "tool_failed";
  readonly retryable: boolean;
  constructor(code: McpClientError["code"], message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "McpClientError";
    this.code = code;
    this.retryable = retryable;
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A `fetch` for the SDK transport that goes through `safeFetch` (policy checks, redirects
 * re-checked, size cap, timeouts) and hands back a platform `Response`. The standalone GET SSE
 * stream is answered 405 locally: we only use request/response, and an open stream would hold the
 * buffered `safeFetch` until its timeout.
 */
export function policyFetch(policy: NetworkPolicy, sensitiveHeaders: string[], fetchImpl?: FetchLike) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? "GET").toUpperCase();
    if (method === "GET") return new Response(null, { status: 405, statusText: "Method Not Allowed" });
    const res = await safeFetch(url, {
      method,
      headers: init?.headers,
      body: init?.body ?? null,
      signal: init?.signal ?? undefined,
      policy,
      sensitiveHeaders,
      ...(fetchImpl ? { fetchImpl } : {}),
    });
    const body = NULL_BODY_STATUSES.has(res.status) ? null : res.body;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** Maps anything the SDK or the network layer throws to an `McpClientError` with a clear message. */
export function toMcpClientError(err: unknown, host: string): McpClientError {
  if (err instanceof McpClientError) return err;
  if (err instanceof NetworkPolicyError) return new McpClientError("mcp_server_unreachable", err.message, false);
  if (err instanceof FetchFailedError) {
    const retryable = err.code === "timeout" || err.code === "network_error";
    return new McpClientError("mcp_server_unreachable", err.message, retryable, { cause: err });
  }
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout) {
      return new McpClientError("mcp_server_unreachable", `${host} did not answer in time`, true);
    }
    if (err.code === ErrorCode.ConnectionClosed) {
      return new McpClientError("mcp_server_unreachable", `${host} closed the connection`, true);
    }
    return new McpClientError("tool_failed", `${host} answered an MCP error ${err.code}: ${err.message}`, false);
  }
  if (err instanceof StreamableHTTPError && typeof err.code === "number" && err.code > 0) {
    // The status only: the server's error body could echo what we sent.
    const status = err.code;
    const hint = status === 401 || status === 403 ? " (check the server's token)" : "";
    const retryable = status >= 500 || status === 429;
    return new McpClientError("mcp_server_unreachable", `${host} answered HTTP ${status}${hint}`, retryable);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new McpClientError("mcp_server_unreachable", `Could not talk MCP with ${host}: ${detail.slice(0, 300)}`, true);
}

/** Connects (initialize) and runs `work` with a client, always closing it. */
async function withClient<T>(
  endpoint: McpEndpoint,
  options: McpCallOptions,
  work: (client: Client, requestOptions: { signal: AbortSignal; timeout: number }) => Promise<T>,
): Promise<T> {
  const host = URL.canParse(endpoint.url) ? new URL(endpoint.url).host : endpoint.url;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint.url), {
    fetch: policyFetch({ ...options.policy, timeoutMs: timeout }, Object.keys(endpoint.headers), options.fetchImpl),
    requestInit: { headers: endpoint.headers },
  });
  const client = new Client(
    { name: "fluxo", version: APP_VERSION },
    { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  const requestOptions = { signal: controller.signal, timeout };
  try {
    await client.connect(transport, requestOptions);
    return await work(client, requestOptions);
  } catch (err) {
    if (options.signal?.aborted) throw new McpClientError("mcp_server_unreachable", "The call was canceled", false);
    throw toMcpClientError(err, host);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    await client.close().catch(() => {}); // closing only aborts local streams; nothing to report
  }
}

/** What a test of a server found. */
export type McpTestOutcome =
  | { status: "online"; latency_ms: number; tools: McpTool[]; error: null }
  | { status: "offline"; latency_ms: null; tools: []; error: { code: string; message: string } };

/**
 * Initializes a session and lists the server's tools; `latency_ms` covers both.
 * Never throws for a server problem: an unreachable or failing server is `offline` with the reason.
 */
export async function testServer(endpoint: McpEndpoint, options: McpCallOptions): Promise<McpTestOutcome> {
  const started = options.now();
  try {
    const tools = await withClient(endpoint, options, async (client, requestOptions) => {
      const listed: McpTool[] = [];
      let cursor: string | undefined;
      // Paged; 10 pages is far beyond any real server and keeps a looping server from holding us.
      for (let page = 0; page < 10; page++) {
        const result = await client.listTools(cursor ? { cursor } : undefined, requestOptions);
        for (const tool of result.tools) {
          listed.push({
            name: tool.name,
            description: tool.description ?? "",
            input_schema: tool.inputSchema as Record<string, unknown>,
          });
        }
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return listed;
    });
    return { status: "online", latency_ms: Math.max(0, options.now() - started), tools, error: null };
  } catch (err) {
    const failure = err instanceof McpClientError ? err : toMcpClientError(err, endpoint.url);
    return { status: "offline", latency_ms: null, tools: [], error: { code: failure.code, message: failure.message } };
  }
}

/** A tool's answer: MCP content blocks, structured content when the tool gives it, and whether it is an error. */
export interface McpToolAnswer {
  content: unknown[];
  structured: unknown | null;
  is_error: boolean;
}

/** Calls one tool. Throws `McpClientError` when the server can't be reached or answers a protocol error. */
export async function callServerTool(
  endpoint: McpEndpoint,
  tool: string,
  args: Record<string, unknown>,
  options: McpCallOptions,
): Promise<McpToolAnswer> {
  return withClient(endpoint, options, async (client, requestOptions) => {
    const result = await client.callTool({ name: tool, arguments: args }, undefined, requestOptions);
    const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
    return {
      content,
      structured: result.structuredContent ?? null,
      is_error: result.isError === true,
    };
  });
}
