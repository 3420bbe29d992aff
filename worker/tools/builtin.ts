/**
 * Built-in tools (server label `builtin`): always whitelisted, still subject to policies and rate
 * limits. `json_query` evaluates JSONata over given data; `http_get` GETs a URL through `safeFetch`.
 */
import { z } from "zod";
import { ExpressionError, evaluateExpression } from "../engine/expressions";
import { FetchFailedError, type FetchLike, type NetworkPolicy, NetworkPolicyError, safeFetch } from "../net";

/** The server label of built-in tools in tool keys (`builtin/json_query`). */
export const BUILTIN_SERVER = "builtin";

/** The default calls per minute per org of `builtin/http_get` (see `BUILTIN_TOOL_LIMITS`). */
export const HTTP_GET_LIMIT_PER_MIN = 60;

/**
 * Per-tool limits of built-in tools when no org policy sets one on the tool or on `builtin/*`:
 * `http_get` reaches the network for the caller, so it is throttled below the per-server 100/min.
 */
export const BUILTIN_TOOL_LIMITS: Readonly<Record<string, number>> = {
  [`${BUILTIN_SERVER}/http_get`]: HTTP_GET_LIMIT_PER_MIN,
};

/** What a built-in tool may use: the org's network policy, a clock, a cancel signal. */
export interface BuiltinContext {
  policy: NetworkPolicy;
  now: () => number;
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
}

/** A tool's answer, in MCP's shape. */
export interface BuiltinAnswer {
  content: unknown[];
  structured: unknown | null;
  is_error: boolean;
}

export interface BuiltinTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
  output_schema: Record<string, unknown>;
  run(args: Record<string, unknown>, ctx: BuiltinContext): Promise<BuiltinAnswer>;
}

const text = (value: string) => ({ type: "text", text: value });
const toolError = (message: string): BuiltinAnswer => ({ content: [text(message)], structured: null, is_error: true });

const JsonQueryArgs = z.strictObject({ expression: z.string().min(1).max(10_000), data: z.unknown() });
const HttpGetArgs = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2_048),
  headers: z.record(z.string(), z.string().max(8_192)).optional(),
});

/** Bodies longer than this are cut in the answer (the fetch itself is capped at 1 MiB). */
const HTTP_GET_TEXT_LIMIT = 100_000;

const jsonQuery: BuiltinTool = {
  name: "json_query",
  description: "Evaluate a JSONata expression over JSON data (the data is `input` and `data` in the expression)",
  input_schema: {
    type: "object",
    properties: {
      expression: { type: "string", description: "JSONata, e.g. input.items[price > 10].name" },
      data: { description: "Any JSON value" },
    },
    required: ["expression"],
    additionalProperties: false,
  },
  output_schema: { type: "object", properties: { result: {} }, required: ["result"] },
  async run(args, ctx) {
    const parsed = JsonQueryArgs.safeParse(args);
    if (!parsed.success) return toolError(`Invalid arguments: ${parsed.error.issues[0]?.message ?? "bad input"}`);
    const { expression, data } = parsed.data;
    try {
      const started = new Date(ctx.now()).toISOString();
      const result = await evaluateExpression(
        expression,
        {
          input: data,
          data,
          steps: {},
          vars: {},
          run: {
            id: "tool",
            workflow_id: "tool",
            version: 0,
            correlation_id: "tool",
            started_at: started,
            trigger: { type: "tool" },
          },
        },
        { now: ctx.now },
      );
      const value = result === undefined ? null : result;
      return { content: [text(JSON.stringify(value))], structured: { result: value }, is_error: false };
    } catch (err) {
      if (err instanceof ExpressionError) return toolError(err.message);
      throw err;
    }
  },
};

const httpGet: BuiltinTool = {
  name: "http_get",
  description: "GET a URL (through the network policy) and return its status, content type and text body",
  input_schema: {
    type: "object",
    properties: {
      url: { type: "string", format: "uri", description: "http(s) URL" },
      headers: { type: "object", additionalProperties: { type: "string" } },
    },
    required: ["url"],
    additionalProperties: false,
  },
  output_schema: {
    type: "object",
    properties: {
      status: { type: "integer" },
      content_type: { type: ["string", "null"] },
      body: { type: "string" },
      truncated: { type: "boolean" },
    },
    required: ["status", "content_type", "body", "truncated"],
  },
  async run(args, ctx) {
    const parsed = HttpGetArgs.safeParse(args);
    if (!parsed.success) return toolError(`Invalid arguments: ${parsed.error.issues[0]?.message ?? "bad input"}`);
    try {
      const res = await safeFetch(parsed.data.url, {
        method: "GET",
        headers: parsed.data.headers,
        policy: { ...ctx.policy, maxResponseBytes: 1024 * 1024 },
        signal: ctx.signal,
        sensitiveHeaders: Object.keys(parsed.data.headers ?? {}),
        ...(ctx.fetchImpl ? { fetchImpl: ctx.fetchImpl } : {}),
      });
      const full = res.text();
      const body = full.slice(0, HTTP_GET_TEXT_LIMIT);
      const structured = {
        status: res.status,
        content_type: res.headers.get("content-type"),
        body,
        truncated: body.length < full.length,
      };
      return { content: [text(body)], structured, is_error: !res.ok };
    } catch (err) {
      if (err instanceof NetworkPolicyError || err instanceof FetchFailedError) return toolError(err.message);
      throw err;
    }
  },
};

/** Every built-in tool. */
export const BUILTIN_TOOLS: readonly BuiltinTool[] = [jsonQuery, httpGet];

/** The built-in tool named `name`, or null. */
export function builtinTool(name: string): BuiltinTool | null {
  return BUILTIN_TOOLS.find((t) => t.name === name) ?? null;
}
