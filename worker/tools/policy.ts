/**
 * Tool policy resolution (pure): ALLOW / ASK / DENY for a tool key `<server>/<tool>` from the system,
 * org, workflow and run maps. The most specific level wins (run > workflow > org > system), within a
 * level the most specific pattern wins (exact > `<server>/*` > `*`), and a system DENY is final.
 * Also the per-tool call limit of the org's policies (`resolveToolLimit`).
 */

/** What a policy says about a tool call. */
export type ToolDecision = "allow" | "ask" | "deny";
/** Patterns to decisions; keys are `<server_label>/<tool>`, `<server_label>/*` or `*`. */
export type ToolPolicyMap = Record<string, ToolDecision>;

/** Where a resolved decision came from (`default`: no pattern matched at any level). */
export type PolicySource = "system" | "org" | "workflow" | "run" | "default";

export interface PolicyLevels {
  system?: ToolPolicyMap;
  org?: ToolPolicyMap;
  workflow?: ToolPolicyMap;
  run?: ToolPolicyMap;
}

export interface ResolvedPolicy {
  decision: ToolDecision;
  source: PolicySource;
  /** The pattern that decided (null for the default). */
  pattern: string | null;
}

const DECISIONS: readonly string[] = ["allow", "ask", "deny"];

/** `<server>/<tool>`: the one spelling of a tool key. */
export function toolKey(serverLabel: string, tool: string): string {
  return `${serverLabel}/${tool}`;
}

/** The patterns that match `key`, most specific first. */
export function patternsFor(key: string): string[] {
  const slash = key.indexOf("/");
  return slash < 0 ? [key, "*"] : [key, `${key.slice(0, slash)}/*`, "*"];
}

/** The most specific pattern of `map` matching `key`, with its decision; null when none matches. */
export function matchLevel(
  map: ToolPolicyMap | undefined,
  key: string,
): { pattern: string; decision: ToolDecision } | null {
  if (!map) return null;
  for (const pattern of patternsFor(key)) {
    const decision = map[pattern];
    if (decision !== undefined) return { pattern, decision };
  }
  return null;
}

/**
 * The decision for `key`. A system-level DENY can't be overridden by any lower level (an
 * administrator of the deployment said no); otherwise run > workflow > org > system; default ALLOW
 * (the server's `allowed_tools` whitelist is checked before this and is the real gate).
 * @example resolvePolicy("github/delete_repo", { system: { "github/*": "ask" }, org: { "github/delete_repo": "deny" } })
 * // → { decision: "deny", source: "org", pattern: "github/delete_repo" }
 */
export function resolvePolicy(key: string, levels: PolicyLevels): ResolvedPolicy {
  const system = matchLevel(levels.system, key);
  if (system?.decision === "deny") return { decision: "deny", source: "system", pattern: system.pattern };
  const order = [
    ["run", levels.run],
    ["workflow", levels.workflow],
    ["org", levels.org],
    ["system", levels.system],
  ] as const;
  for (const [source, map] of order) {
    const match = matchLevel(map, key);
    if (match) return { decision: match.decision, source, pattern: match.pattern };
  }
  return { decision: "allow", source: "default", pattern: null };
}

/** Patterns to per-minute call limits (an org's policy rows that carry `rate_limit_per_min`). */
export type ToolLimitMap = Record<string, number>;

/** The per-tool limit that applies to a call, and the bucket its calls are counted in. */
export interface ResolvedToolLimit {
  /** The pattern whose limit applies (the tool key itself for a built-in default). */
  pattern: string;
  limit_per_min: number;
  source: "org" | "default";
  /**
   * What the calls are counted under: the pattern. An exact row counts that tool alone; a
   * `<server>/*` row counts the server's tools together and a `*` row all of the org's tools
   * together, so a wildcard limit is a shared budget, not a copy of the limit per tool.
   */
  bucket: string;
}

/**
 * The per-tool limit for `key`: the most specific org pattern with a limit (exact > `<server>/*` >
 * `*`). A default of the tool (`defaults[key]`, e.g. `builtin/http_get`) sits between `<server>/*`
 * and `*`: an org row on the tool or its server replaces it, but an org-wide `*` budget can't lift
 * it. Null when nothing limits the tool (the per-server limit still applies).
 * @example resolveToolLimit("calc/add", { "calc/*": 10, "*": 500 }) // → { pattern: "calc/*", limit_per_min: 10, source: "org", bucket: "calc/*" }
 */
export function resolveToolLimit(
  key: string,
  org: ToolLimitMap | undefined,
  defaults: ToolLimitMap = {},
): ResolvedToolLimit | null {
  const found = (pattern: string, limit: number, source: ResolvedToolLimit["source"]): ResolvedToolLimit => ({
    pattern,
    limit_per_min: limit,
    source,
    bucket: pattern,
  });
  for (const pattern of patternsFor(key)) {
    if (pattern === "*") {
      const fallback = defaults[key];
      if (fallback !== undefined) return found(key, fallback, "default");
    }
    const limit = org?.[pattern];
    if (limit !== undefined) return found(pattern, limit, "org");
  }
  return null;
}

/**
 * The system DENY pattern that locks `pattern` for an org (so an org rule there would be ignored),
 * or null. A narrower org pattern under a system `<server>/*` or `*` DENY is locked too.
 */
export function lockedBy(pattern: string, system: ToolPolicyMap | undefined): string | null {
  const match = matchLevel(system, pattern);
  return match?.decision === "deny" ? match.pattern : null;
}

/**
 * Parses the `TOOL_POLICIES_SYSTEM` setting (a JSON object of pattern → decision). Invalid
 * entries are dropped and reported in `warnings`, so a typo can't take the API down.
 */
export function parseSystemPolicies(raw: string | undefined): { policies: ToolPolicyMap; warnings: string[] } {
  const policies: ToolPolicyMap = {};
  const warnings: string[] = [];
  if (raw === undefined || raw.trim() === "") return { policies, warnings };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { policies, warnings: ["TOOL_POLICIES_SYSTEM is not valid JSON; no system tool policies apply"] };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { policies, warnings: ["TOOL_POLICIES_SYSTEM must be a JSON object of pattern → decision"] };
  }
  for (const [pattern, decision] of Object.entries(parsed)) {
    if (typeof decision === "string" && DECISIONS.includes(decision.toLowerCase())) {
      policies[pattern] = decision.toLowerCase() as ToolDecision;
    } else {
      warnings.push(`TOOL_POLICIES_SYSTEM: "${pattern}" has no valid decision (allow, ask or deny); ignored`);
    }
  }
  return { policies, warnings };
}
