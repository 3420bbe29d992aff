/** Contracts of MCP servers, the tool registry and tool policies (`/api/v1/mcp/…`, `/api/v1/policies/tools`). */
import { z } from "@hono/zod-openapi";

/** `^[a-z0-9][a-z0-9_-]{0,39}$`: the `<label>` in tool keys `<label>/<tool>` (`builtin` is reserved). */
export const McpLabel = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "Use 1–40 of a-z, 0-9, _ and -, starting with a letter or digit")
  .refine((label) => label !== "builtin", "“builtin” is reserved for the built-in tools");

/** A tool name as MCP servers spell them. */
export const ToolName = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, "Use 1–128 of A-Z, a-z, 0-9, _, . and -");

export const McpAuthType = z.enum(["none", "bearer", "header"]);
export type McpAuthType = z.infer<typeof McpAuthType>;

export const ToolDecisionSchema = z.enum(["allow", "ask", "deny"]);

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid header name")
  .max(200);

/** A tool as a server lists it. */
export const McpTool = z
  .object({
    name: z.string(),
    description: z.string(),
    input_schema: z.record(z.string(), z.unknown()),
  })
  .openapi("McpTool");
export type McpTool = z.infer<typeof McpTool>;

/** An MCP server as the API shows it: never its token, only a masked hint. */
export const McpServer = z
  .object({
    label: z.string(),
    url: z.string(),
    auth_type: McpAuthType,
    header_name: z.string().nullable(),
    token_hint: z.string().nullable(),
    allowed_tools: z.array(z.string()),
    source: z.enum(["user", "org"]),
    status: z.enum(["unknown", "online", "offline"]),
    latency_ms: z.number().nullable(),
    last_tested_at: z.number().nullable(),
    tools: z.array(McpTool),
    rate_limit_per_min: z.number().int(),
    created_at: z.number().nullable(),
  })
  .openapi("McpServer");
export type McpServer = z.infer<typeof McpServer>;

export const McpServerList = z.object({ items: z.array(McpServer) }).openapi("McpServerList");

const serverFields = {
  url: z.url({ protocol: /^https?$/, message: "Enter an http(s) URL" }).max(2_048),
  auth_type: McpAuthType,
  header_name: headerName.optional(),
  token: z.string().min(1).max(8_192).optional(),
  allowed_tools: z.array(ToolName).max(500),
  rate_limit_per_min: z.number().int().min(1).max(10_000).optional(),
};

/** `POST /mcp/user-servers`. `allowed_tools` is required (it may be empty: then nothing can be called). */
export const CreateMcpServerBody = z
  .strictObject({ label: McpLabel, ...serverFields })
  .openapi("CreateMcpServerRequest");
export type CreateMcpServerBody = z.infer<typeof CreateMcpServerBody>;

/** `PUT /mcp/user-servers/:label`: every field optional; an omitted token stays as it was, `null` removes it. */
export const UpdateMcpServerBody = z
  .strictObject({
    url: serverFields.url.optional(),
    auth_type: McpAuthType.optional(),
    header_name: headerName.nullable().optional(),
    token: z.string().min(1).max(8_192).nullable().optional(),
    allowed_tools: serverFields.allowed_tools.optional(),
    rate_limit_per_min: serverFields.rate_limit_per_min,
  })
  .openapi("UpdateMcpServerRequest");
export type UpdateMcpServerBody = z.infer<typeof UpdateMcpServerBody>;

export const LabelParam = z.object({
  label: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: "label", in: "path" }, example: "github" }),
});

/** `POST /mcp/user-servers/:label/test`: initialize + list tools, with the latency. */
export const McpTestResult = z
  .object({
    status: z.enum(["online", "offline"]),
    latency_ms: z.number().nullable(),
    tools: z.array(McpTool),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .openapi("McpTestResult");
export type McpTestResult = z.infer<typeof McpTestResult>;

export const ToolSearchQuery = z.object({
  q: z.string().max(200).optional(),
  server: z.string().max(40).optional(),
});

export const ToolSearchItem = z
  .object({
    key: z.string(),
    server_label: z.string(),
    name: z.string(),
    description: z.string(),
    input_schema: z.record(z.string(), z.unknown()),
    allowed: z.boolean(),
    policy: ToolDecisionSchema,
    policy_source: z.enum(["system", "org", "default"]),
  })
  .openapi("ToolSearchItem");
export type ToolSearchItem = z.infer<typeof ToolSearchItem>;

export const ToolSearchResult = z.object({ items: z.array(ToolSearchItem) }).openapi("ToolSearchResult");

export const ToolCallBody = z
  .strictObject({
    server_label: z.string().min(1).max(40),
    tool: ToolName,
    arguments: z.record(z.string(), z.unknown()).default({}),
  })
  .openapi("ToolCallRequest");

export const ToolCallResponse = z
  .object({
    result: z.object({
      content: z.array(z.unknown()),
      structured: z.unknown().nullable(),
      is_error: z.boolean(),
      duration_ms: z.number(),
    }),
  })
  .openapi("ToolCallResponse");

/** A policy pattern: `*`, `<label>/*` or `<label>/<tool>`. */
export const ToolPattern = z
  .string()
  .max(170)
  .regex(/^(\*|[a-z0-9][a-z0-9_-]{0,39}\/(\*|[A-Za-z0-9_.-]{1,128}))$/, "Use *, <server>/* or <server>/<tool>");

/** Bounds of a per-tool limit (calls per minute per org). */
export const TOOL_RATE_LIMIT_MIN = 1;
export const TOOL_RATE_LIMIT_MAX = 100_000;

/** A per-tool limit in calls per minute; on a wildcard pattern its tools share the budget. */
export const ToolRateLimit = z.number().int().min(TOOL_RATE_LIMIT_MIN).max(TOOL_RATE_LIMIT_MAX);

/**
 * A policy row: a decision and/or a per-tool limit. `decision` null: the row only limits calls (the
 * decision comes from a wider pattern). `rate_limit_per_min` null: no per-tool limit; absent on
 * system rows (`TOOL_POLICIES_SYSTEM` sets decisions only), always present on org rows.
 */
export const ToolPolicy = z
  .object({
    pattern: z.string(),
    decision: ToolDecisionSchema.nullable(),
    rate_limit_per_min: z.number().int().nullable().optional(),
    scope: z.enum(["system", "org"]),
    locked: z.boolean(),
  })
  .openapi("ToolPolicy");
export type ToolPolicy = z.infer<typeof ToolPolicy>;

export const ToolPolicyList = z.object({ items: z.array(ToolPolicy) }).openapi("ToolPolicyList");

/**
 * Sets the org's policy on a pattern. `rate_limit_per_min` omitted keeps the stored limit, null
 * removes it; a policy needs a decision or a limit (to remove both, DELETE it).
 */
export const PutToolPolicyBody = z
  .strictObject({
    pattern: ToolPattern,
    decision: ToolDecisionSchema.nullable(),
    rate_limit_per_min: ToolRateLimit.nullable().optional(),
  })
  .refine((body) => body.decision !== null || (body.rate_limit_per_min ?? null) !== null, {
    message: "Give a decision or a rate limit (to remove the policy, DELETE it)",
    path: ["decision"],
  })
  .openapi("PutToolPolicyRequest");

export const DeleteToolPolicyQuery = z.object({ pattern: ToolPattern });
