// What a runbook is: a workflow template with an input JSON Schema and operator-facing metadata (SPEC §10).
import { z } from "zod";
import type { GraphInput } from "../contracts/workflow";

/** How dangerous a runbook is. `high` runbooks wait for an approval before their first step. */
export const RunbookRisk = z.enum(["low", "medium", "high"]);
export type RunbookRisk = z.infer<typeof RunbookRisk>;

/** A connection the runbook needs, bound by the operator at execution time (`connections[key]`). */
export interface RunbookConnectionSlot {
  /** Key in the execute request's `connections` object, e.g. "cloudflare". */
  key: string;
  /** What the connection is for, e.g. "Cloudflare API token with DNS edit rights". */
  description: string;
  /** Suggested connection type (api_key, bearer, basic, headers, oauth2). */
  type?: string;
}

/**
 * A runbook definition. The `workflow` graph refers to a bound connection with the placeholder string
 * `"$connection:<key>"` as a node's `connection_id`; execution substitutes the operator's connection ids.
 * The job's input (validated against `schema_json`) is the run input (`input.*` in expressions).
 */
export interface RunbookDefinition {
  /** Stable id, `snake_case`, used in URLs: `/api/v1/runbooks/:name`. */
  name: string;
  title: string;
  description: string;
  category: string;
  risk: RunbookRisk;
  /** Bumped whenever `workflow` or `schema_json` changes. */
  version: number;
  required_connections: readonly RunbookConnectionSlot[];
  /** JSON Schema (draft 2020-12 subset, `type: "object"`) of the inputs; drives the web form. */
  schema_json: Record<string, unknown>;
  /** Whether the runbook honours a `dry_run` input (shows what it would change, changes nothing). */
  supports_dry_run: boolean;
  workflow: GraphInput;
}

/** Placeholder prefix for connection ids in runbook graphs. */
export const CONNECTION_PLACEHOLDER = "$connection:";
