/**
 * Maps the API's `validation_failed` issues (`details.issues: [{ path, message }]`) onto the runbook page: input
 * issues become an rjsf `ErrorSchema` (so each message shows under its field in the generated form), connection
 * issues go to their picker, and anything else is listed above the form.
 */
import type { ErrorSchema } from "@rjsf/utils";
import { z } from "zod";
import { ApiError } from "../../lib/api";

/** One issue as the API reports it. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** Where each issue is shown. */
export interface MappedIssues {
  /** For rjsf's `extraErrors`: `{ zone_id: { __errors: ["Required"] }, records: { 0: { name: {…} } } }`. */
  form: ErrorSchema;
  /** Connection slot key → message. */
  connections: Record<string, string>;
  /** Issues with no field to show beside (the request as a whole, `dry_run`, an unknown path). */
  general: string[];
}

/**
 * A path's segments: `"records.0.name"`, `"/records/0/name"` and `"records[0].name"` all give
 * `["records", "0", "name"]`.
 */
export function pathSegments(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(/[./]/)
    .filter((segment) => segment !== "");
}

interface ErrorNode {
  __errors?: string[];
  [key: string]: ErrorNode | string[] | undefined;
}

function addError(root: ErrorNode, segments: readonly string[], message: string): void {
  let node = root;
  for (const segment of segments) {
    const child = node[segment];
    const next: ErrorNode = child !== undefined && !Array.isArray(child) ? child : {};
    node[segment] = next;
    node = next;
  }
  node.__errors = [...(node.__errors ?? []), message];
}

/**
 * Sorts the API's issues by where they belong. Paths may or may not start with the request field
 * (`inputs.zone_id` or just `zone_id`); `connections.<key>` goes to the picker of slot `<key>` when there is one.
 * @example mapIssues([{ path: "inputs.zone_id", message: "Required" }], ["cloudflare"]).form // { zone_id: { __errors: ["Required"] } }
 */
export function mapIssues(issues: readonly ApiIssue[], connectionKeys: readonly string[]): MappedIssues {
  const form: ErrorNode = {};
  const connections: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const [head, ...rest] = pathSegments(issue.path);
    if (head === undefined) {
      general.push(issue.message);
    } else if (head === "connections") {
      const key = rest[0];
      if (key !== undefined && connectionKeys.includes(key)) connections[key] ??= issue.message;
      else general.push(key ? `Connection “${key}”: ${issue.message}` : issue.message);
    } else if (head === "dry_run") {
      general.push(`Dry run: ${issue.message}`);
    } else if (head === "inputs") {
      if (rest.length === 0) general.push(issue.message);
      else addError(form, rest, issue.message);
    } else {
      addError(form, [head, ...rest], issue.message);
    }
  }
  return { form: form as ErrorSchema, connections, general };
}

/** True when there is nothing to show. */
export function noIssues(mapped: MappedIssues): boolean {
  return (
    Object.keys(mapped.form).length === 0 && Object.keys(mapped.connections).length === 0 && mapped.general.length === 0
  );
}

const IssuesDetails = z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })) });

/**
 * The issues of a `validation_failed`-style API error (any `ApiError` whose details carry `issues`), or null for
 * any other error, which the page shows as a whole.
 */
export function issuesOf(error: unknown): ApiIssue[] | null {
  if (!(error instanceof ApiError)) return null;
  const parsed = IssuesDetails.safeParse(error.details);
  return parsed.success ? parsed.data.issues : null;
}
