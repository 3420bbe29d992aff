// The runbook catalog: lookups over the built-in runbooks and validation of a job's inputs against a runbook's schema.
import { Validator } from "@cfworker/json-schema";
import { BUILTIN_RUNBOOKS } from "./builtin";
import type { RunbookDefinition } from "./types";

/** One problem with a job's inputs: where (dotted path, "" for the whole object) and what. */
export interface InputIssue {
  path: string;
  message: string;
}

export type InputValidation = { ok: true; value: Record<string, unknown> } | { ok: false; issues: InputIssue[] };

/**
 * Runbooks added at run time. Only tests register here (a runbook the built-in set doesn't have); production
 * code sees exactly {@link BUILTIN_RUNBOOKS}.
 */
const extra: RunbookDefinition[] = [];

/** Every runbook, built-ins first, in catalog order. */
export function listRunbooks(): readonly RunbookDefinition[] {
  return extra.length === 0 ? BUILTIN_RUNBOOKS : [...BUILTIN_RUNBOOKS, ...extra];
}

/**
 * The runbook called `name`, or null.
 * @example getRunbook("cloudflare_dns_bulk")?.risk // "medium"
 */
export function getRunbook(name: string): RunbookDefinition | null {
  return listRunbooks().find((r) => r.name === name) ?? null;
}

/**
 * Adds (or replaces, by name) a runbook; for tests that need one the built-in set lacks. Returns a function
 * that removes it again.
 */
export function registerRunbook(def: RunbookDefinition): () => void {
  const index = extra.findIndex((r) => r.name === def.name);
  if (index >= 0) extra.splice(index, 1, def);
  else extra.push(def);
  return () => {
    const at = extra.indexOf(def);
    if (at >= 0) extra.splice(at, 1);
  };
}

/** Keywords whose errors only summarise errors reported deeper down (the deeper ones say what is wrong). */
const SUMMARY_KEYWORDS = new Set([
  "properties",
  "items",
  "prefixItems",
  "allOf",
  "$ref",
  "dependentSchemas",
  "additionalProperties",
]);

/**
 * Validates `inputs` against the runbook's `schema_json` (JSON Schema 2020-12). Issues carry a dotted path
 * ("records.0.name") so a form can put the message beside the field.
 * @example validateRunbookInputs(def, { zone: 1 }) // { ok: false, issues: [{ path: "zone", message: "…" }] }
 */
export function validateRunbookInputs(def: RunbookDefinition, inputs: unknown): InputValidation {
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    return { ok: false, issues: [{ path: "", message: "The inputs must be an object" }] };
  }
  const result = new Validator(def.schema_json as object, "2020-12", false).validate(inputs);
  if (result.valid) return { ok: true, value: inputs as Record<string, unknown> };
  const leaves = result.errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  const chosen = leaves.length > 0 ? leaves : result.errors;
  const seen = new Set<string>();
  const issues: InputIssue[] = [];
  for (const e of chosen) {
    const issue = toIssue(e.instanceLocation, e.keyword, e.error);
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return { ok: false, issues };
}

/** Puts an issue on the field a form shows it beside: a missing property on the property, not its parent. */
function toIssue(location: string, keyword: string, error: string): InputIssue {
  const path = location.replace(/^#\/?/, "").replaceAll("/", ".");
  const join = (name: string) => (path ? `${path}.${name}` : name);
  if (keyword === "required") {
    const name = /property "(.+)"/.exec(error)?.[1];
    if (name) return { path: join(name), message: "This field is required" };
  }
  // `additionalProperties: false` reports the extra property against the boolean schema `false`.
  if (keyword === "false") return { path, message: "This field is not part of the runbook's inputs" };
  return { path, message: error };
}
