/**
 * The workflow graph wire format (SPEC §3): node types and their configs, nodes, edges, input schema, settings.
 * One schema shared by the worker, the engine and the web editor. `Graph` checks shape only; `validateGraph` (worker/engine/graph) checks
 * meaning (ids, edges, cycles, reachability, branch labels, expressions) and reports every problem at once.
 */
import { z } from "zod";

/** Every node type. Adding one means a config schema below and a registry entry in node-types.ts (type-checked). */
export const NodeType = z.enum([
  "http",
  "transform",
  "condition",
  "switch",
  "delay",
  "approval",
  "wait_event",
  "subworkflow",
  "emit_event",
  "llm",
  "mcp_tool",
  "render",
  "noop",
  "set",
  "runner",
]);
export type NodeType = z.infer<typeof NodeType>;

// ---- Node types and their config schemas. Template/expression strings are plain strings here: the graph
// validator (worker/engine/graph) parses them. Behaviour and editor metadata live in the registry (node-types.ts).

const template = (max = 10_000) => z.string().max(max);
const expression = z.string().trim().min(1, "An expression is required").max(10_000);
const reference = z.string().trim().min(1, "Required").max(200);
/** Waits may last long (an approval over a weekend); a year is the ceiling. */
const waitTimeoutMs = z.number().int().min(1).max(31_536_000_000);

export const HttpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]);
export type HttpMethod = z.infer<typeof HttpMethod>;

export const HttpConfig = z
  .strictObject({
    method: HttpMethod,
    url: template(8_192).min(1, "A URL is required"),
    headers: z.record(z.string().min(1).max(200), template()).optional(),
    body: z.unknown().optional(),
    connection_id: reference.optional(),
    expect_status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
    /**
     * Polling: an expression over the accepted response (`response.status`, `response.headers`, `response.body`,
     * plus the run's context). While it is false the attempt fails with the retryable `condition_not_met`, so the
     * node's `retry` policy polls until it holds, e.g. `response.body.server.status = "running"`.
     */
    until: expression.optional(),
  })
  .superRefine((config, ctx) => {
    // fetch() refuses a body on GET/HEAD: say so at design time rather than at run time.
    if ((config.method === "GET" || config.method === "HEAD") && config.body !== undefined) {
      ctx.addIssue({ code: "custom", path: ["body"], message: `A ${config.method} request cannot have a body` });
    }
  });

export const TransformConfig = z.strictObject({ expression });
export const ConditionConfig = z.strictObject({ expression });

export const SwitchConfig = z.strictObject({
  expression,
  cases: z
    .array(z.string().min(1).max(100))
    .min(1, "A switch needs at least one case")
    .max(50)
    .superRefine((cases, ctx) => {
      const seen = new Set<string>();
      for (const [index, value] of cases.entries()) {
        if (value === "default") {
          ctx.addIssue({ code: "custom", path: [index], message: `"default" is reserved for the fallback edge` });
        } else if (seen.has(value)) {
          ctx.addIssue({ code: "custom", path: [index], message: `Case "${value}" is listed twice` });
        }
        seen.add(value);
      }
    }),
});

export const DelayConfig = z
  .strictObject({
    duration_ms: z.number().int().min(0).optional(),
    /** A template producing an ISO 8601 date-time. */
    until: template(1_000).min(1).optional(),
  })
  .superRefine((config, ctx) => {
    if ((config.duration_ms === undefined) === (config.until === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: "Set exactly one of duration_ms or until" });
    }
  });

export const ApproverRole = z.enum(["owner", "admin", "operator", "viewer"]);

export const ApprovalFormField = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "Use letters, digits and underscores"),
    label: z.string().min(1).max(120),
    type: z.enum(["text", "number", "boolean", "select"]),
    required: z.boolean().optional(),
    options: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  })
  .superRefine((field, ctx) => {
    if ((field.type === "select") !== (field.options !== undefined)) {
      const message = field.type === "select" ? "A select field needs options" : "Only select fields take options";
      ctx.addIssue({ code: "custom", path: ["options"], message });
    }
  });

export const ApprovalConfig = z.strictObject({
  message: template().optional(),
  approvers: z
    .strictObject({ roles: z.array(ApproverRole).min(1).optional(), user_ids: z.array(reference).min(1).optional() })
    .optional(),
  form_fields: z
    .array(ApprovalFormField)
    .max(30)
    .superRefine((fields, ctx) => {
      const names = new Set<string>();
      for (const [index, field] of fields.entries()) {
        if (names.has(field.name)) {
          ctx.addIssue({ code: "custom", path: [index, "name"], message: `Field "${field.name}" is defined twice` });
        }
        names.add(field.name);
      }
    })
    .optional(),
  timeout_ms: waitTimeoutMs.optional(),
  on_timeout: z.enum(["reject", "approve", "fail"]).default("fail"),
});

export const WaitEventConfig = z.strictObject({
  event_name: z.string().regex(/^[a-z0-9_.:-]{1,100}$/i, "Use 1-100 letters, digits, or _ . : -"),
  correlation_key: template(1_000).optional(),
  timeout_ms: waitTimeoutMs.optional(),
  on_timeout: z.enum(["fail", "continue"]).default("fail"),
});

export const SubworkflowConfig = z.strictObject({
  workflow_id: reference,
  version: z.number().int().min(1).optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  wait: z.boolean().default(true),
});

export const EmitEventConfig = z.strictObject({
  event_type: z.string().regex(/^[a-z0-9_.-]{1,100}$/, "Use 1-100 lowercase letters, digits, or _ . -"),
  payload: z.unknown().optional(),
});

export const LlmConfig = z.strictObject({
  connection_id: reference,
  model: z.string().trim().min(1).max(200),
  messages: z
    .array(z.strictObject({ role: z.enum(["system", "user", "assistant"]), content: template(100_000) }))
    .min(1, "At least one message is required")
    .max(100),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).optional(),
  /** JSON Schema the model's answer must follow. */
  output_schema: z.record(z.string(), z.unknown()).optional(),
  require_approval: z.boolean().optional(),
});

export const McpToolConfig = z.strictObject({
  server_label: reference,
  tool: z.string().trim().min(1).max(200),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

export const RenderConfig = z.strictObject({
  template: template(1_000_000).min(1, "A template is required"),
  format: z.enum(["text", "html", "markdown"]),
  data: z.unknown().optional(),
  artifact_name: template(200).min(1).optional(),
});

export const NoopConfig = z.strictObject({});

export const SetConfig = z.strictObject({ values: z.record(z.string().min(1).max(200), z.unknown()) });

/** An environment variable name (POSIX style). */
const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "Use letters, digits and underscores");

/** A shell command run by a self-hosted runner whose labels include every label listed (SPEC §10). */
export const RunnerConfig = z.strictObject({
  command: template(100_000).min(1, "A command is required"),
  labels: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,49}$/, "Use 1-50 lowercase letters, digits, or _ . -"))
    .max(20)
    .default([]),
  /** How long the process may run once a runner started it (default: the node's timeout). */
  timeout_ms: z.number().int().min(1_000).max(86_400_000).optional(),
  env: z.record(EnvName, template()).optional(),
  /** ENV_NAME → connection id: the runner gets the connection's secret in that variable, resolved at claim time. */
  connection_env: z.record(EnvName, reference).optional(),
  /** Working directory on the runner, relative to its `--workdir` (absolute paths and `..` are refused). */
  workdir: z
    .string()
    .max(500)
    .refine((dir) => !dir.startsWith("/") && !dir.split("/").includes(".."), "Use a relative path without ..")
    .optional(),
});

/** The config schema of each type. */
export const NODE_CONFIG_SCHEMAS = {
  http: HttpConfig,
  transform: TransformConfig,
  condition: ConditionConfig,
  switch: SwitchConfig,
  delay: DelayConfig,
  approval: ApprovalConfig,
  wait_event: WaitEventConfig,
  subworkflow: SubworkflowConfig,
  emit_event: EmitEventConfig,
  llm: LlmConfig,
  mcp_tool: McpToolConfig,
  render: RenderConfig,
  noop: NoopConfig,
  set: SetConfig,
  runner: RunnerConfig,
} as const satisfies Record<NodeType, z.ZodType>;

type ConfigSchemas = typeof NODE_CONFIG_SCHEMAS;
/** A node's parsed config (defaults applied). */
export type NodeConfig<T extends NodeType = NodeType> = z.output<ConfigSchemas[T]>;
/** A node's config as written by a client (defaults may be missing). */
export type NodeConfigInput<T extends NodeType = NodeType> = z.input<ConfigSchemas[T]>;

// ---- The graph.

/** Node ids are valid JSONata path segments, so `steps.<id>.output` works without quoting. */
export const NODE_ID_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export const NodeId = z
  .string()
  .regex(NODE_ID_PATTERN, "Use 1-63 lowercase letters, digits or underscores, starting with a letter");

/** How a failed attempt is retried. `max_attempts: 1` means no retry. */
export const RetryPolicy = z
  .strictObject({
    max_attempts: z.number().int().min(1).max(20),
    backoff: z.enum(["fixed", "exponential"]),
    base_delay_ms: z.number().int().min(0).max(3_600_000),
    max_delay_ms: z.number().int().min(0).max(86_400_000).optional(),
    /** Error codes that never retry, e.g. `http_status_4xx`. */
    non_retryable_codes: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .refine((policy) => policy.max_delay_ms === undefined || policy.max_delay_ms >= policy.base_delay_ms, {
    message: "max_delay_ms must be at least base_delay_ms",
    path: ["max_delay_ms"],
  });
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** For a node with several incoming edges: wait for all live branches, or start on the first. */
export const JoinMode = z.enum(["all", "any"]);
export type JoinMode = z.infer<typeof JoinMode>;

/** Editor-only position (top-left corner, React Flow coordinates). */
export const NodePosition = z.strictObject({ x: z.number(), y: z.number() });

/** Fields every node has, whatever its type. */
export const NODE_COMMON_FIELDS = {
  id: NodeId,
  name: z.string().max(120).optional(),
  /** Free label for phase metrics, e.g. "fetch", "deliver". */
  phase: z.string().max(40).optional(),
  retry: RetryPolicy.optional(),
  timeout_ms: z.number().int().min(1).max(86_400_000).optional(),
  join: JoinMode.optional(),
  position: NodePosition.optional(),
};

function nodeOf<T extends NodeType>(type: T) {
  return z.strictObject({ ...NODE_COMMON_FIELDS, type: z.literal(type), config: NODE_CONFIG_SCHEMAS[type] });
}

/** The node schema of each type (strict: unknown keys are rejected, in the node and in its config). */
export const NODE_SCHEMAS = {
  http: nodeOf("http"),
  transform: nodeOf("transform"),
  condition: nodeOf("condition"),
  switch: nodeOf("switch"),
  delay: nodeOf("delay"),
  approval: nodeOf("approval"),
  wait_event: nodeOf("wait_event"),
  subworkflow: nodeOf("subworkflow"),
  emit_event: nodeOf("emit_event"),
  llm: nodeOf("llm"),
  mcp_tool: nodeOf("mcp_tool"),
  render: nodeOf("render"),
  noop: nodeOf("noop"),
  set: nodeOf("set"),
  runner: nodeOf("runner"),
} as const satisfies Record<NodeType, z.ZodType>;

/** A node: common fields plus a `config` typed by `type`. */
export const WorkflowNode = z.discriminatedUnion("type", [
  NODE_SCHEMAS.http,
  NODE_SCHEMAS.transform,
  NODE_SCHEMAS.condition,
  NODE_SCHEMAS.switch,
  NODE_SCHEMAS.delay,
  NODE_SCHEMAS.approval,
  NODE_SCHEMAS.wait_event,
  NODE_SCHEMAS.subworkflow,
  NODE_SCHEMAS.emit_event,
  NODE_SCHEMAS.llm,
  NODE_SCHEMAS.mcp_tool,
  NODE_SCHEMAS.render,
  NODE_SCHEMAS.noop,
  NODE_SCHEMAS.set,
  NODE_SCHEMAS.runner,
]);
export type WorkflowNode = z.infer<typeof WorkflowNode>;
export type WorkflowNodeInput = z.input<typeof WorkflowNode>;

/** An edge. `when` is the branch label: "true"/"false" from a condition, a case or "default" from a switch. */
export const WorkflowEdge = z.strictObject({
  from: NodeId,
  to: NodeId,
  when: z.string().max(100).nullable().optional(),
});
export type WorkflowEdge = z.infer<typeof WorkflowEdge>;

/** The run input's JSON Schema: an object schema. The form renderer and preflight use it. */
export const InputSchema = z
  .looseObject({
    type: z.literal("object", { error: 'input_schema must have type "object"' }),
    properties: z.record(z.string(), z.union([z.record(z.string(), z.unknown()), z.boolean()])).optional(),
    required: z.array(z.string()).optional(),
  })
  .superRefine((schema, ctx) => {
    const required = schema.required ?? [];
    if (new Set(required).size !== required.length) {
      ctx.addIssue({ code: "custom", path: ["required"], message: "required lists a property twice" });
    }
    if (!schema.properties) return;
    for (const [index, name] of required.entries()) {
      if (!(name in schema.properties)) {
        ctx.addIssue({ code: "custom", path: ["required", index], message: `"${name}" is required but not declared` });
      }
    }
  });
export type InputSchema = z.infer<typeof InputSchema>;

/**
 * Tool policies a workflow or a run sets for its `mcp_tool` steps: pattern (`*`, `<server>/*` or
 * `<server>/<tool>`) → decision. They can tighten or relax the org's defaults, never a system DENY.
 */
const TOOL_PATTERN = /^(\*|[a-z0-9][a-z0-9_-]{0,39}\/(\*|[A-Za-z0-9_.-]{1,128}))$/;
export const ToolPolicies = z
  .record(z.string().max(170), z.enum(["allow", "ask", "deny"]))
  .superRefine((policies, ctx) => {
    const patterns = Object.keys(policies);
    if (patterns.length > 200) ctx.addIssue({ code: "custom", message: "At most 200 tool policies" });
    for (const pattern of patterns) {
      if (!TOOL_PATTERN.test(pattern)) {
        ctx.addIssue({
          code: "custom",
          path: [pattern],
          message: `“${pattern}” is not a tool pattern: use *, <server>/* or <server>/<tool>`,
        });
      }
    }
  });
export type ToolPolicies = z.infer<typeof ToolPolicies>;

export const GraphSettings = z.strictObject({
  /** Whole-run deadline (default 30 minutes, SPEC §4); at most 30 days. */
  run_timeout_ms: z.number().int().min(1).max(2_592_000_000).optional(),
  /** At most `limit` runs with the same rendered `key` (a template) run at once. */
  concurrency: z
    .strictObject({ key: z.string().trim().min(1).max(1_000), limit: z.number().int().min(1).max(10_000) })
    .optional(),
  /** Allows several start nodes (all start at once). */
  allow_parallel_start: z.boolean().optional(),
  /** Policies for this workflow's tool calls (`mcp_tool` steps). */
  tool_policies: ToolPolicies.optional(),
});
export type GraphSettings = z.infer<typeof GraphSettings>;

/** A workflow version's graph. Parse with `Graph`, then check meaning with `validateGraph`. */
export const Graph = z.strictObject({
  nodes: z.array(WorkflowNode),
  edges: z.array(WorkflowEdge),
  input_schema: InputSchema.optional(),
  settings: GraphSettings.optional(),
  /** Constants available to expressions as `vars.<key>`. */
  vars: z.record(z.string(), z.unknown()).optional(),
});
export type Graph = z.infer<typeof Graph>;
/** A graph as a client writes it (config defaults such as `on_timeout` may be missing). */
export type GraphInput = z.input<typeof Graph>;

/** A step's status, as shown on the canvas and exposed to expressions as `steps.<id>.status`. */
export const StepStatus = z.enum(["pending", "running", "waiting", "succeeded", "failed", "skipped", "canceled"]);
export type StepStatus = z.infer<typeof StepStatus>;

/** Every problem `validateGraph` can report. Stable: the editor and the API switch on them. */
export const GraphIssueCode = z.enum([
  "invalid_graph",
  "too_many_nodes",
  "duplicate_node_id",
  "unknown_node_type",
  "invalid_node_config",
  "dangling_edge",
  "duplicate_edge",
  "cycle",
  "no_start_node",
  "multiple_start_nodes",
  "unreachable_node",
  "invalid_branch_label",
  "expression_syntax",
  "unknown_reference",
  "invalid_input_schema",
]);
export type GraphIssueCode = z.infer<typeof GraphIssueCode>;

/** The codes as a list, e.g. for documentation or exhaustive tests. */
export const GRAPH_ISSUE_CODES: readonly GraphIssueCode[] = GraphIssueCode.options;

/** One problem in a graph. `path` is dotted from the graph root, e.g. `nodes.2.config.url`. */
export const GraphIssue = z.object({
  code: GraphIssueCode,
  message: z.string(),
  node_id: z.string().optional(),
  edge_index: z.number().int().optional(),
  path: z.string().optional(),
});
export type GraphIssue = z.infer<typeof GraphIssue>;
