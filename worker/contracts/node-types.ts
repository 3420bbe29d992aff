/** The node-type registry: editor metadata and behaviour of every workflow node type (SPEC §3). */
import { z } from "zod";
import { NODE_CONFIG_SCHEMAS, type NodeConfig, type NodeConfigInput, NodeType, type RetryPolicy } from "./workflow";

// The node types and their config schemas are part of the graph wire format (workflow.ts); re-exported here so
// callers of the registry need one import.
export { NODE_CONFIG_SCHEMAS, type NodeConfig, type NodeConfigInput, NodeType };

type ConfigSchemas = typeof NODE_CONFIG_SCHEMAS;

/** Palette groups of the editor. */
export const NodeCategory = z.enum(["flow", "data", "integration", "human", "ai"]);
export type NodeCategory = z.infer<typeof NodeCategory>;

// ---- The registry.

/**
 * Where a config holds expression-language text. `path` is dotted, `*` stands for every array element or record
 * value. `expression`: the string is one full expression. `template`: every string at or below the path may
 * contain `{{ expr }}` parts (record keys are never templates).
 */
export interface ExpressionField {
  path: string;
  kind: "expression" | "template";
}

/** Everything the worker, the engine and the editor need to know about a node type. */
export interface NodeTypeDefinition<T extends NodeType = NodeType> {
  type: T;
  label: string;
  /** A short emoji for the palette and the canvas. */
  icon: string;
  description: string;
  category: NodeCategory;
  configSchema: ConfigSchemas[T];
  /** What the editor puts in a freshly dropped node (may still need filling in, e.g. a connection). */
  defaultConfig: NodeConfigInput<T>;
  /** True when a dry run must not execute the node (it changes something outside the run, or costs money). */
  hasSideEffects(config: NodeConfig<T>): boolean;
  /** Used when a node has no `retry` of its own. */
  defaultRetry: RetryPolicy;
  /** Used when a node has no `timeout_ms` of its own (running time only; waiting has its own timeouts). */
  defaultTimeoutMs: number;
  /** The `when` labels allowed on outgoing edges; `[]` means edges are unlabelled. */
  branches(config: NodeConfig<T>): readonly string[];
  expressionFields: readonly ExpressionField[];
}

/** One attempt, no retry: the default for anything that is not a network call. */
const NO_RETRY: RetryPolicy = { max_attempts: 1, backoff: "fixed", base_delay_ms: 0 };
const NETWORK_RETRY: RetryPolicy = {
  max_attempts: 3,
  backoff: "exponential",
  base_delay_ms: 1_000,
  max_delay_ms: 30_000,
};
const DEFAULT_TIMEOUT_MS = 120_000;
const never = () => false;
const always = () => true;
const unlabelled = () => [];
const tpl = (...paths: string[]): ExpressionField[] => paths.map((path) => ({ path, kind: "template" }));
const EXPRESSION: readonly ExpressionField[] = [{ path: "expression", kind: "expression" }];

/** What most types share: no side effects, no retry, the default timeout, unlabelled edges. */
const base = {
  hasSideEffects: never,
  defaultRetry: NO_RETRY,
  defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
  branches: unlabelled,
};

/**
 * The registry, one entry per type.
 * @example NODE_TYPES.http.hasSideEffects({ method: "POST", url: "https://x" }) // true
 */
export const NODE_TYPES: { [T in NodeType]: NodeTypeDefinition<T> } = {
  http: {
    ...base,
    type: "http",
    label: "HTTP request",
    icon: "🌐",
    description:
      "Call an HTTP API, optionally with a connection's credentials; with `until`, poll until the response says it's ready.",
    category: "integration",
    configSchema: NODE_CONFIG_SCHEMAS.http,
    defaultConfig: { method: "GET", url: "https://api.example.com/" },
    // GET and HEAD only read; every other method may change the remote system.
    hasSideEffects: (config) => config.method !== "GET" && config.method !== "HEAD",
    defaultRetry: NETWORK_RETRY,
    expressionFields: [...tpl("url", "headers", "body"), { path: "until", kind: "expression" }],
  },
  transform: {
    ...base,
    type: "transform",
    label: "Transform",
    icon: "🔧",
    description: "Compute an output from the run's data with an expression.",
    category: "data",
    configSchema: NODE_CONFIG_SCHEMAS.transform,
    defaultConfig: { expression: "input" },
    expressionFields: EXPRESSION,
  },
  condition: {
    ...base,
    type: "condition",
    label: "Condition",
    icon: "🔀",
    description: "Follow the true or the false branch depending on an expression.",
    category: "flow",
    configSchema: NODE_CONFIG_SCHEMAS.condition,
    defaultConfig: { expression: "true" },
    branches: () => ["true", "false"],
    expressionFields: EXPRESSION,
  },
  switch: {
    ...base,
    type: "switch",
    label: "Switch",
    icon: "🚦",
    description: "Follow the branch whose case equals the expression's value, or the default branch.",
    category: "flow",
    configSchema: NODE_CONFIG_SCHEMAS.switch,
    defaultConfig: { expression: "input.kind", cases: ["a", "b"] },
    branches: (config) => [...config.cases, "default"],
    expressionFields: EXPRESSION,
  },
  delay: {
    ...base,
    type: "delay",
    label: "Delay",
    icon: "⏳",
    description: "Wait for a duration or until a point in time (a durable timer).",
    category: "flow",
    configSchema: NODE_CONFIG_SCHEMAS.delay,
    defaultConfig: { duration_ms: 60_000 },
    expressionFields: tpl("until"),
  },
  approval: {
    ...base,
    type: "approval",
    label: "Approval",
    icon: "✅",
    description: "Wait for a person to approve or reject, optionally with a form.",
    category: "human",
    configSchema: NODE_CONFIG_SCHEMAS.approval,
    defaultConfig: { message: "Please review", on_timeout: "fail" },
    // Asking people to decide notifies them; a dry run must not.
    hasSideEffects: always,
    expressionFields: tpl("message"),
  },
  wait_event: {
    ...base,
    type: "wait_event",
    label: "Wait for event",
    icon: "📡",
    description: "Wait for a named signal or signed callback, matched by a correlation key.",
    category: "flow",
    configSchema: NODE_CONFIG_SCHEMAS.wait_event,
    defaultConfig: { event_name: "order.paid", on_timeout: "fail" },
    expressionFields: tpl("correlation_key"),
  },
  subworkflow: {
    ...base,
    type: "subworkflow",
    label: "Sub-workflow",
    icon: "🧩",
    description: "Start another workflow as a child run and wait for its result.",
    category: "flow",
    configSchema: NODE_CONFIG_SCHEMAS.subworkflow,
    defaultConfig: { workflow_id: "", wait: true },
    // The child may do anything; a dry run does not start it.
    hasSideEffects: always,
    expressionFields: tpl("input"),
  },
  emit_event: {
    ...base,
    type: "emit_event",
    label: "Emit event",
    icon: "📣",
    description: "Publish an event to the organization's destinations.",
    category: "integration",
    configSchema: NODE_CONFIG_SCHEMAS.emit_event,
    defaultConfig: { event_type: "workflow.event" },
    hasSideEffects: always,
    expressionFields: tpl("payload"),
  },
  llm: {
    ...base,
    type: "llm",
    label: "LLM",
    icon: "🤖",
    description: "Chat completion on an OpenAI-compatible endpoint through a connection.",
    category: "ai",
    configSchema: NODE_CONFIG_SCHEMAS.llm,
    defaultConfig: { connection_id: "", model: "", messages: [{ role: "user", content: "" }] },
    // Tokens cost money, and dry runs never charge.
    hasSideEffects: always,
    defaultRetry: NETWORK_RETRY,
    defaultTimeoutMs: 300_000,
    expressionFields: tpl("messages.*.content"),
  },
  mcp_tool: {
    ...base,
    type: "mcp_tool",
    label: "MCP tool",
    icon: "🛠️",
    description: "Call a tool on a registered MCP server, subject to policy.",
    category: "ai",
    configSchema: NODE_CONFIG_SCHEMAS.mcp_tool,
    defaultConfig: { server_label: "", tool: "" },
    // A tool's effects are unknown to us, so assume it has some.
    hasSideEffects: always,
    defaultRetry: NETWORK_RETRY,
    expressionFields: tpl("arguments"),
  },
  render: {
    ...base,
    type: "render",
    label: "Render document",
    icon: "📄",
    description: "Render a text, HTML or Markdown document from a template and data; stored as an artifact.",
    category: "data",
    configSchema: NODE_CONFIG_SCHEMAS.render,
    defaultConfig: { template: "# Report for {{ run.started_at }}", format: "markdown" },
    // `template` also sees the rendered `data` as an extra `data` root at run time.
    expressionFields: tpl("template", "data", "artifact_name"),
  },
  noop: {
    ...base,
    type: "noop",
    label: "No-op",
    icon: "⚪",
    description: "Do nothing: a join point or a placeholder.",
    category: "flow",
    configSchema: NODE_CONFIG_SCHEMAS.noop,
    defaultConfig: {},
    expressionFields: [],
  },
  set: {
    ...base,
    type: "set",
    label: "Set values",
    icon: "📝",
    description: "Output an object whose values are templates rendered against the run's data.",
    category: "data",
    configSchema: NODE_CONFIG_SCHEMAS.set,
    defaultConfig: { values: {} },
    expressionFields: tpl("values"),
  },
  runner: {
    ...base,
    type: "runner",
    label: "Runner command",
    icon: "🖥️",
    description: "Run a shell command on a self-hosted runner with matching labels; its output streams live.",
    category: "integration",
    configSchema: NODE_CONFIG_SCHEMAS.runner,
    defaultConfig: { command: "echo hello", labels: [] },
    // A command can change anything on the runner's machine; a dry run shows it instead.
    hasSideEffects: always,
    // The step waits for a runner, then for the command: an hour by default.
    defaultTimeoutMs: 3_600_000,
    expressionFields: tpl("command", "env"),
  },
};

/** The registry entry of a type. */
export function getNodeType<T extends NodeType>(type: T): NodeTypeDefinition<T> {
  return NODE_TYPES[type];
}

/** All entries, in palette order. */
export function listNodeTypes(): NodeTypeDefinition[] {
  return NodeType.options.map((type) => NODE_TYPES[type]);
}

/**
 * The allowed `when` labels on a node's outgoing edges (`[]`: unlabelled).
 * @example nodeBranches({ type: "condition", config: { expression: "x" } }) // ["true", "false"]
 */
export function nodeBranches<T extends NodeType>(node: { type: T; config: NodeConfig<T> }): readonly string[] {
  const definition: NodeTypeDefinition<T> = NODE_TYPES[node.type];
  return definition.branches(node.config);
}

/** Whether a dry run must skip this node. */
export function nodeHasSideEffects<T extends NodeType>(node: { type: T; config: NodeConfig<T> }): boolean {
  const definition: NodeTypeDefinition<T> = NODE_TYPES[node.type];
  return definition.hasSideEffects(node.config);
}
