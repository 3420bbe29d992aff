/**
 * Tool policies' per-tool rate limit, pure: reading the number a person typed (empty = no limit) and deciding what
 * a change of a pattern's decision or limit sends: a PUT with both, a DELETE when neither is left, or nothing.
 */
import type { PolicyRow, ToolDecision } from "./policy-pattern";

/** The API's bounds of `rate_limit_per_min` (calls per minute per organization). */
export const LIMIT_MIN = 1;
export const LIMIT_MAX = 100_000;

/** A checked limit (null: no limit), or the reason the text can't be one. */
export type LimitCheck = { ok: true; limit: number | null } | { ok: false; message: string };

/**
 * Checks a limit a person typed: empty means no limit, otherwise a whole number of calls per minute.
 * @example checkLimit(" 30 ") // { ok: true, limit: 30 }
 * @example checkLimit("") // { ok: true, limit: null }
 */
export function checkLimit(text: string): LimitCheck {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, limit: null };
  const message = `A whole number from ${LIMIT_MIN} to ${LIMIT_MAX.toLocaleString("en")}, or empty for no limit`;
  if (!/^\d+$/.test(trimmed)) return { ok: false, message };
  const limit = Number(trimmed);
  return limit >= LIMIT_MIN && limit <= LIMIT_MAX ? { ok: true, limit } : { ok: false, message };
}

/**
 * The field text of a stored limit (empty for none).
 * @example limitText(null) // ""
 */
export function limitText(limit: number | null | undefined): string {
  return limit === null || limit === undefined ? "" : String(limit);
}

/**
 * How a stored limit reads in a table.
 * @example limitLabel(30) // "30 / min"
 */
export function limitLabel(limit: number | null | undefined): string {
  return limit === null || limit === undefined ? "—" : `${limit.toLocaleString("en")} / min`;
}

/** A person's change to a pattern: a field left out keeps what is stored. */
export interface PolicyEdit {
  decision?: ToolDecision | null;
  limit?: number | null;
}

/** What to send for an edit. */
export type PolicyWrite =
  | { kind: "put"; pattern: string; decision: ToolDecision | null; rate_limit_per_min: number | null }
  | { kind: "delete"; pattern: string }
  | { kind: "none" };

/**
 * What an edit of `pattern` sends, given the organization's own row there (or null): the row's other field is kept,
 * a row left with neither a decision nor a limit is deleted, and an edit that changes nothing sends nothing.
 * @example policyWrite("calc/add", { pattern: "calc/add", decision: "ask", rate_limit_per_min: null, scope: "org", locked: false }, { decision: null })
 * // → { kind: "delete", pattern: "calc/add" }
 */
export function policyWrite(pattern: string, own: PolicyRow | null, edit: PolicyEdit): PolicyWrite {
  const stored = { decision: own?.decision ?? null, limit: own?.rate_limit_per_min ?? null };
  const decision = edit.decision === undefined ? stored.decision : edit.decision;
  const limit = edit.limit === undefined ? stored.limit : edit.limit;
  if (decision === null && limit === null) return own ? { kind: "delete", pattern } : { kind: "none" };
  if (own && decision === stored.decision && limit === stored.limit) return { kind: "none" };
  return { kind: "put", pattern, decision, rate_limit_per_min: limit };
}
