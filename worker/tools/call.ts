/**
 * `callTool`: the one path for calling a tool, from the API (`POST /mcp/tools/call`) and from the
 * `mcp_tool` step: whitelist → policy (DENY refuses, ASK asks unless approved) → per-server rate
 * limit → per-tool rate limit (org policies, built-in defaults) → call (built-in, or MCP through the
 * network policy) → usage → audit `tool.called`.
 */
import type { OrgScope } from "../auth/principal";
import { createDb } from "../db/client";
import { orgPolicySets } from "../db/repos/tool-policies";
import { auditEvents } from "../db/schema";
import { newId } from "../lib/ids";
import { describeError, log } from "../lib/log";
import { callServerTool, McpClientError } from "../mcp/client";
import { DEFAULT_RATE_LIMIT_PER_MIN, endpointFor, findServer } from "../mcp/servers";
import { type FetchLike, policyFromEnv } from "../net";
import { recordUsage } from "../usage/record";
import { BUILTIN_SERVER, BUILTIN_TOOL_LIMITS, builtinTool } from "./builtin";
import {
  parseSystemPolicies,
  resolvePolicy,
  resolveToolLimit,
  type ToolDecision,
  type ToolPolicyMap,
  toolKey,
} from "./policy";
import { takeToolSlot, toolLimitKey, toolPatternLimitKey } from "./rate-limit";

export type { ToolDecision, ToolPolicyMap };

export interface ToolCallRequest {
  server_label: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** Principal id, for audit and rate limits. */
  actor: string;
  run?: {
    run_id: string;
    workflow_id: string;
    node_id: string;
    workflow_policies?: ToolPolicyMap;
    run_policies?: ToolPolicyMap;
  };
  /** An ASK already approved by a person: call without asking again. */
  approved?: { by: string };
  signal?: AbortSignal;
  /** ms since the epoch by which the call must be over. */
  deadline?: number;
}

export type ToolCallResult =
  | { kind: "ok"; content: unknown[]; structured: unknown | null; is_error: boolean; duration_ms: number }
  | { kind: "ask"; tool_key: string; reason: string };

export type ToolCallErrorCode =
  | "tool_denied"
  | "tool_not_allowed"
  | "tool_rate_limited"
  | "mcp_server_not_found"
  | "mcp_server_unreachable"
  | "tool_not_found"
  | "tool_failed";

/** A call that did not happen or could not complete; `message_human` is safe to show. */
export class ToolCallError extends Error {
  readonly code: ToolCallErrorCode;
  readonly message_human: string;
  readonly retryable: boolean;
  readonly retry_after_s?: number;
  constructor(
    code: ToolCallErrorCode,
    message: string,
    options: { retryable?: boolean; retry_after_s?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ToolCallError";
    this.code = code;
    this.message_human = message;
    this.retryable = options.retryable ?? false;
    if (options.retry_after_s !== undefined) this.retry_after_s = options.retry_after_s;
  }
}

/** Who the audit event names; defaults to a system actor carrying `req.actor`. */
export interface CallToolOptions {
  auditActor?: { actorType: "user" | "api_key" | "system"; actorId: string | null };
  requestId?: string | null;
  ip?: string | null;
  now?: () => number;
  /** Test seam for outbound calls. */
  fetchImpl?: FetchLike;
}

type ToolEnv = Pick<
  Env,
  "DB" | "ENCRYPTION_KEY" | "APP_ENV" | "ALLOW_LOOPBACK_TARGETS" | "MCP_ORG_SERVERS" | "TOOL_POLICIES_SYSTEM"
>;

const DEFAULT_CALL_TIMEOUT_MS = 30_000;
const MAX_CALL_TIMEOUT_MS = 120_000;

/** The system-level tool policies of the deployment (`TOOL_POLICIES_SYSTEM`). */
export function systemPolicies(env: Pick<Env, "TOOL_POLICIES_SYSTEM">): ToolPolicyMap {
  const { policies, warnings } = parseSystemPolicies(env.TOOL_POLICIES_SYSTEM);
  if (warnings.length > 0) log("warn", "tool policies", { warnings });
  return policies;
}

/**
 * Calls `req.tool` on `req.server_label` for the org of `scope`.
 * Returns `{ kind: "ask" }` when a policy says ASK and the call isn't `approved`; throws
 * `ToolCallError` for deny / not whitelisted / rate limited / unknown server / unreachable server.
 * A tool that runs and reports an error is `{ kind: "ok", is_error: true }`.
 * @example
 * const result = await callTool(env, scope, { server_label: "gh", tool: "list_issues", arguments: { repo }, actor: principal.id });
 */
export async function callTool(
  env: ToolEnv,
  scope: OrgScope,
  req: ToolCallRequest,
  options: CallToolOptions = {},
): Promise<ToolCallResult> {
  const now = options.now ?? Date.now;
  const key = toolKey(req.server_label, req.tool);
  const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
    auditToolCall(env.DB, scope.orgId, req, key, outcome, options, now(), extra);

  // 1. The tool exists, and its server's whitelist has it.
  const builtin = req.server_label === BUILTIN_SERVER ? builtinTool(req.tool) : null;
  const server = req.server_label === BUILTIN_SERVER ? null : await findServer(env, scope, req.server_label);
  if (req.server_label === BUILTIN_SERVER && !builtin) {
    throw new ToolCallError("tool_not_found", `There is no built-in tool “${req.tool}”`);
  }
  if (req.server_label !== BUILTIN_SERVER && !server) {
    throw new ToolCallError(
      "mcp_server_not_found",
      `No MCP server labelled “${req.server_label}” in this organization`,
    );
  }
  if (server && !server.view.allowed_tools.includes(req.tool)) {
    await audit("not_allowed");
    throw new ToolCallError(
      "tool_not_allowed",
      `“${req.tool}” is not in the allowed tools of “${req.server_label}”; add it to the server's whitelist first`,
    );
  }

  // 2. Policies: system, org, workflow, run.
  const org = await orgPolicySets(env.DB, scope);
  const policy = resolvePolicy(key, {
    system: systemPolicies(env),
    org: org.decisions,
    workflow: req.run?.workflow_policies,
    run: req.run?.run_policies,
  });
  if (policy.decision === "deny") {
    await audit("denied", { policy_source: policy.source, policy_pattern: policy.pattern });
    throw new ToolCallError("tool_denied", `A ${policy.source} policy (${policy.pattern}) denies ${key}`);
  }
  if (policy.decision === "ask" && !req.approved) {
    await audit("approval_required", { policy_source: policy.source, policy_pattern: policy.pattern });
    return {
      kind: "ask",
      tool_key: key,
      reason: `A ${policy.source} policy (${policy.pattern}) asks for approval before ${key} runs`,
    };
  }

  // 3. Rate limit per org and server.
  const limit = server?.view.rate_limit_per_min ?? DEFAULT_RATE_LIMIT_PER_MIN;
  const slot = await takeToolSlot(env.DB, toolLimitKey(scope.orgId, req.server_label), limit, now());
  if (!slot.ok) {
    throw new ToolCallError(
      "tool_rate_limited",
      `Too many calls to “${req.server_label}” (limit ${limit} per minute); try again in ${slot.retry_after_s} s`,
      { retryable: true, retry_after_s: slot.retry_after_s },
    );
  }
  // 3b. Per-tool limit: the org's most specific pattern with a limit, else a built-in default.
  const toolLimit = resolveToolLimit(key, org.limits, BUILTIN_TOOL_LIMITS);
  if (toolLimit) {
    const toolSlot = await takeToolSlot(
      env.DB,
      toolPatternLimitKey(scope.orgId, toolLimit.bucket),
      toolLimit.limit_per_min,
      now(),
    );
    if (!toolSlot.ok) {
      // Not audited, like the per-server limit: a flood of refused calls must not flood the audit log.
      const shared = toolLimit.bucket === key ? "" : `, shared by ${toolLimit.pattern}`;
      throw new ToolCallError(
        "tool_rate_limited",
        `Too many calls to “${key}” (limit ${toolLimit.limit_per_min} per minute${shared}); try again in ${toolSlot.retry_after_s} s`,
        { retryable: true, retry_after_s: toolSlot.retry_after_s },
      );
    }
  }

  // 4. The call.
  const started = now();
  const timeoutMs = req.deadline
    ? Math.min(MAX_CALL_TIMEOUT_MS, Math.max(1_000, req.deadline - started))
    : DEFAULT_CALL_TIMEOUT_MS;
  const { policy: network } = policyFromEnv(env);
  let answer: { content: unknown[]; structured: unknown | null; is_error: boolean };
  try {
    if (builtin) {
      answer = await builtin.run(req.arguments, {
        policy: { ...network, timeoutMs },
        now,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
      });
    } else if (server) {
      answer = await callServerTool(await endpointFor(env, server), req.tool, req.arguments, {
        policy: network,
        now,
        timeoutMs,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
      });
    } else {
      throw new Error("unreachable: neither a built-in tool nor a server");
    }
  } catch (err) {
    const failure =
      err instanceof McpClientError
        ? new ToolCallError(err.code, err.message, { retryable: err.retryable, cause: err })
        : new ToolCallError("tool_failed", `${key} failed unexpectedly`, { cause: err });
    if (!(err instanceof McpClientError))
      log("error", "tool call failed", { tool_key: key, error: describeError(err) });
    await audit("failed", { error_code: failure.code, duration_ms: now() - started });
    throw failure;
  }
  const duration_ms = Math.max(0, now() - started);

  // 5. Usage and audit, side by side (the arguments' names only: values may hold secrets). Neither throws.
  await Promise.all([
    recordUsage(env, scope.orgId, {
      ...(req.run ? { run_id: req.run.run_id, workflow_id: req.run.workflow_id } : {}),
      kind: "tool",
      key,
      calls: 1,
      at: started,
    }),
    audit(answer.is_error ? "tool_error" : "ok", { duration_ms }),
  ]);
  return { kind: "ok", ...answer, duration_ms };
}

/** Appends `tool.called`; an audit failure is logged, never turned into a failed call. */
async function auditToolCall(
  d1: D1Database,
  orgId: string,
  req: ToolCallRequest,
  key: string,
  outcome: string,
  options: CallToolOptions,
  at: number,
  extra: Record<string, unknown>,
): Promise<void> {
  const actor = options.auditActor ?? { actorType: "system" as const, actorId: req.actor };
  try {
    await createDb(d1)
      .insert(auditEvents)
      .values({
        id: newId("aud"),
        orgId,
        occurredAt: at,
        actorType: actor.actorType,
        actorId: actor.actorId,
        action: "tool.called",
        targetType: "tool",
        targetId: key,
        metadata: {
          tool_key: key,
          outcome,
          arg_names: Object.keys(req.arguments).sort(),
          run_id: req.run?.run_id ?? null,
          node_id: req.run?.node_id ?? null,
          ...(req.approved ? { approved_by: req.approved.by } : {}),
          ...extra,
        },
        requestId: options.requestId ?? null,
        ip: options.ip ?? null,
      });
  } catch (err) {
    log("error", "tool.called not audited", { tool_key: key, outcome, error: describeError(err) });
  }
}
