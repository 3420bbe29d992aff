/**
 * Tool policies: the deployment's system rules (read-only) and the org's ALLOW / ASK / DENY and
 * per-tool call limits per tool pattern.
 */
import { createRoute } from "@hono/zod-openapi";
import { recordAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { DeleteToolPolicyQuery, PutToolPolicyBody, ToolPolicy, ToolPolicyList } from "../contracts/mcp";
import { deleteToolPolicy, listToolPolicies, type ToolPolicyRow, upsertToolPolicy } from "../db/repos/tool-policies";
import { AppError } from "../errors";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { systemPolicies } from "../tools/call";
import { lockedBy } from "../tools/policy";
import { bearer, errors, json, jsonBody } from "./openapi";

const tags = ["Policies"];

const list = createRoute({
  method: "get",
  path: "/tools",
  tags,
  summary: "Tool policies: system rules (DENY ones are locked) and the org's",
  security: bearer,
  middleware: guard("mcp:read"),
  responses: { 200: json(ToolPolicyList, "Policies"), ...errors(401, 403) },
});

const put = createRoute({
  method: "put",
  path: "/tools",
  tags,
  summary:
    "Set the org's decision and/or per-tool rate limit for a tool pattern (409 policy_locked when allowing under a system DENY)",
  security: bearer,
  middleware: guard("policies:manage"),
  request: { body: jsonBody(PutToolPolicyBody) },
  responses: { 200: json(ToolPolicy, "The policy"), ...errors(400, 401, 403, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/tools",
  tags,
  summary: "Remove the org's decision for a tool pattern",
  security: bearer,
  middleware: guard("policies:manage"),
  request: { query: DeleteToolPolicyQuery },
  responses: { 204: { description: "Removed" }, ...errors(400, 401, 403, 404) },
});

export const policiesRoutes = createRouter()
  .openapi(list, async (c) => {
    const system = systemPolicies(c.env);
    const rows = await listToolPolicies(c.env.DB, scopeOf(principalOf(c)));
    const items = [
      ...Object.entries(system)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([pattern, decision]) => ({ pattern, decision, scope: "system" as const, locked: decision === "deny" })),
      ...rows.map((r) => orgPolicyView(r, lockedBy(r.pattern, system) !== null)),
    ];
    return c.json({ items }, 200);
  })
  .openapi(put, async (c) => {
    const principal = principalOf(c);
    const { pattern, decision, rate_limit_per_min } = c.req.valid("json");
    const lock = lockedBy(pattern, systemPolicies(c.env));
    // Only a decision can override; a limit-only row under a system DENY allows nothing.
    if (lock && decision !== null && decision !== "deny") {
      throw new AppError("policy_locked", `A system policy denies ${lock}; an organization can't allow it`, {
        details: { locked_by: lock },
      });
    }
    const row = await upsertToolPolicy(c.env.DB, scopeOf(principal), {
      pattern,
      decision,
      ...(rate_limit_per_min === undefined ? {} : { rateLimitPerMin: rate_limit_per_min }),
      updatedBy: principal.id,
      updatedAt: Date.now(),
    });
    await recordAudit(c, principal.orgId, principal, {
      action: "tool_policy.updated",
      targetType: "tool_policy",
      targetId: pattern,
      metadata: { pattern, decision, rate_limit_per_min: row.rateLimitPerMin },
    });
    return c.json(orgPolicyView(row, false), 200);
  })
  .openapi(remove, async (c) => {
    const principal = principalOf(c);
    const { pattern } = c.req.valid("query");
    if (!(await deleteToolPolicy(c.env.DB, scopeOf(principal), pattern))) {
      throw new AppError("not_found", `The organization has no policy for ${pattern}`);
    }
    await recordAudit(c, principal.orgId, principal, {
      action: "tool_policy.deleted",
      targetType: "tool_policy",
      targetId: pattern,
      metadata: { pattern },
    });
    return c.body(null, 204);
  });

/** An org row as the API shows it; `underSystemDeny`: a system DENY covers the pattern. */
function orgPolicyView(row: ToolPolicyRow, underSystemDeny: boolean) {
  return {
    pattern: row.pattern,
    decision: row.decision,
    rate_limit_per_min: row.rateLimitPerMin,
    scope: "org" as const,
    // An org decision under a system DENY has no effect unless it denies too.
    locked: row.decision !== null && row.decision !== "deny" && underSystemDeny,
  };
}
