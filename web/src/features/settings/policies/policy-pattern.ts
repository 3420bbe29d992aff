/**
 * Tool policies, pure: checking a policy pattern (`server/tool`, `server/*`, `*`), labels and tones for the three
 * decisions, and finding which stored policy governs a tool so the page can show "locked" and "remove".
 */
import type { z } from "zod";
import type { ToolDecisionSchema, ToolPolicy, ToolSearchItem } from "../../../../../worker/contracts/mcp";
import type { Tone } from "../../../ui/Badge";

/** A policy decision (the API's ToolDecision). */
export type ToolDecision = z.infer<typeof ToolDecisionSchema>;

/** The decisions in the order the page offers them. */
export const DECISIONS = ["allow", "ask", "deny"] as const satisfies readonly ToolDecision[];

/** How each decision reads and looks. */
export const DECISION_VIEW: { readonly [D in ToolDecision]: { label: string; tone: Tone } } = {
  allow: { label: "Allow", tone: "ok" },
  ask: { label: "Ask", tone: "warn" },
  deny: { label: "Deny", tone: "error" },
};

/** Where a tool's effective decision came from (the API's `policy_source`). */
export type PolicySource = ToolSearchItem["policy_source"];

/** What each source means to a person. */
export const SOURCE_LABELS: { readonly [S in PolicySource]: string } = {
  system: "platform policy",
  org: "organization policy",
  default: "default",
};

/** A stored policy row (the API's `GET /policies/tools` item). */
export type PolicyRow = ToolPolicy;

const SERVER = /^[a-z0-9][a-z0-9_-]{0,39}$/;
// The API's ToolName rule: a slash would make the key ambiguous.
const TOOL = /^[A-Za-z0-9_.-]{1,128}$/;

/** A checked pattern, or the reason it can't be one. */
export type PatternCheck = { ok: true; pattern: string } | { ok: false; message: string };

/**
 * Checks a pattern a person typed: `*` (every tool), `server/*` (every tool of a server) or `server/tool`.
 * @example checkPattern(" calc/* ") // { ok: true, pattern: "calc/*" }
 */
export function checkPattern(text: string): PatternCheck {
  const pattern = text.trim();
  if (pattern === "*") return { ok: true, pattern };
  const slash = pattern.indexOf("/");
  if (slash < 0) return { ok: false, message: "Write server/tool, server/* or *" };
  const server = pattern.slice(0, slash);
  const tool = pattern.slice(slash + 1);
  if (!SERVER.test(server)) return { ok: false, message: `“${server}” is not a server label` };
  if (tool !== "*" && !TOOL.test(tool)) return { ok: false, message: "A tool name is 1–128 letters, digits, _ . or -" };
  return { ok: true, pattern };
}

/**
 * The pattern that covers every tool of a server.
 * @example serverPattern("calc") // "calc/*"
 */
export function serverPattern(serverLabel: string): string {
  return `${serverLabel}/*`;
}

/** The patterns that could match `toolKey`, most specific first. */
function candidates(toolKey: string): string[] {
  const slash = toolKey.indexOf("/");
  return slash < 0 ? [toolKey, "*"] : [toolKey, serverPattern(toolKey.slice(0, slash)), "*"];
}

/**
 * The locked (platform DENY) policy that covers `toolKey`, if any: no org policy can change that tool.
 * @example lockedPolicyFor("calc/delete_everything", rows)?.pattern // "calc/delete_everything"
 */
export function lockedPolicyFor(toolKey: string, rows: readonly PolicyRow[]): PolicyRow | null {
  const locked = rows.filter((row) => row.locked);
  for (const pattern of candidates(toolKey)) {
    const row = locked.find((r) => r.pattern === pattern);
    if (row) return row;
  }
  return null;
}

/**
 * The organization's own policy on exactly `pattern` (the one "Remove" deletes), or null.
 * @example orgPolicyOn("calc/add", rows)?.decision // "deny"
 */
export function orgPolicyOn(pattern: string, rows: readonly PolicyRow[]): PolicyRow | null {
  return rows.find((row) => row.scope === "org" && row.pattern === pattern) ?? null;
}

/**
 * Server labels among tool keys, sorted, for the "every tool of a server" choices (built-in tools included).
 * @example serverLabels(["calc/add", "builtin/http_get", "calc/echo"]) // ["builtin", "calc"]
 */
export function serverLabels(toolKeys: readonly string[]): string[] {
  const labels = new Set<string>();
  for (const key of toolKeys) {
    const slash = key.indexOf("/");
    if (slash > 0) labels.add(key.slice(0, slash));
  }
  return [...labels].sort();
}
