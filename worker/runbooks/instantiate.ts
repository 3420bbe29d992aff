/**
 * From a runbook to the workflow a job runs: the pure part (bind connections, put an approval in front of
 * high-risk runbooks, hash the result) and `ensureRunbookWorkflow`, which keeps one hidden workflow per org
 * and runbook whose latest published version is exactly that graph.
 */
import type { OrgScope, Principal } from "../auth/principal";
import type { GraphInput } from "../contracts/workflow";
import type { DraftGraph } from "../contracts/workflows";
import { usableConnections } from "../db/repos/connections";
import { getOrgLimits } from "../db/repos/orgs";
import { getVersion, insertWorkflow, publishVersion, type WorkflowRow } from "../db/repos/workflows";
import { AppError } from "../errors";
import { findRunbookWorkflow } from "../jobs/repo";
import { newId } from "../lib/ids";
import { validateWorkflowGraph } from "../workflows/validation";
import { CONNECTION_PLACEHOLDER, type RunbookDefinition } from "./types";

/** Node id of the approval step put in front of high-risk runbooks. */
export const APPROVAL_NODE_ID = "runbook_approval";

/** Roles that may approve a high-risk job (operator and above). */
const APPROVER_ROLES = ["owner", "admin", "operator"] as const;

/** Every connection key the graph refers to with `"$connection:<key>"`, in first-use order. */
export function placeholderKeys(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") {
    if (value.startsWith(CONNECTION_PLACEHOLDER)) {
      const key = value.slice(CONNECTION_PLACEHOLDER.length);
      if (!found.includes(key)) found.push(key);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) placeholderKeys(item, found);
  } else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) placeholderKeys(item, found);
  }
  return found;
}

/** Replaces every `"$connection:<key>"` string with `bound[key]` (keys without a binding stay as they are). */
function bindConnections(value: unknown, bound: Record<string, string>): unknown {
  if (typeof value === "string") {
    if (!value.startsWith(CONNECTION_PLACEHOLDER)) return value;
    return bound[value.slice(CONNECTION_PLACEHOLDER.length)] ?? value;
  }
  if (Array.isArray(value)) return value.map((item) => bindConnections(item, bound));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bindConnections(v, bound)]));
  }
  return value;
}

/**
 * The slots a request leaves unbound: every required connection and every key the graph uses must have an id.
 * @example missingConnections(def, {}) // ["cloudflare"]
 */
export function missingConnections(def: RunbookDefinition, connections: Record<string, string>): string[] {
  const keys = [...def.required_connections.map((c) => c.key), ...placeholderKeys(def.workflow)];
  return [...new Set(keys)].filter((key) => !connections[key]);
}

/**
 * The graph a job of `def` runs: connection placeholders bound, and for `high` risk a leading approval
 * step (operators and above) that every start step waits for, so nothing runs before a person approves.
 */
export function instantiateGraph(def: RunbookDefinition, connections: Record<string, string>): GraphInput {
  const graph = bindConnections(def.workflow, connections) as GraphInput;
  if (def.risk !== "high") return graph;
  const ids = new Set(graph.nodes.map((n) => n.id));
  let approvalId = APPROVAL_NODE_ID;
  for (let i = 2; ids.has(approvalId); i++) approvalId = `${APPROVAL_NODE_ID}_${i}`;
  const targets = new Set(graph.edges.map((e) => e.to));
  const starts = graph.nodes.filter((n) => !targets.has(n.id));
  return {
    ...graph,
    nodes: [
      {
        id: approvalId,
        type: "approval",
        name: `Approve ${def.title}`,
        config: {
          message: `Approve ${def.title} with inputs {{ $string(input) }}`,
          approvers: { roles: [...APPROVER_ROLES] },
        },
      },
      ...graph.nodes,
    ],
    edges: [...starts.map((n) => ({ from: approvalId, to: n.id })), ...graph.edges],
  } as GraphInput;
}

/** Key order doesn't change a graph: JSON with object keys sorted, for hashing. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 (hex) of the graph's canonical JSON: equal graphs, equal hashes. */
export async function graphHash(graph: unknown): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalJson(graph)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The version note that records which runbook graph a version holds; compared before publishing again. */
export function versionNote(def: RunbookDefinition, hash: string): string {
  return `runbook ${def.name}@${def.version} sha256:${hash}`;
}

/**
 * Checks the bound connections: every slot has an id (400 `connection_missing`) naming a connection of the
 * org that steps can use now (400 `connection_not_found`).
 */
async function checkConnections(
  d1: D1Database,
  scope: OrgScope,
  def: RunbookDefinition,
  connections: Record<string, string>,
  now: number,
): Promise<void> {
  const missing = missingConnections(def, connections);
  if (missing.length > 0) {
    throw new AppError("connection_missing", `Choose a connection for: ${missing.join(", ")}`, {
      details: { issues: missing.map((key) => ({ path: `connections.${key}`, message: "A connection is required" })) },
    });
  }
  const usable = await usableConnections(d1, scope, now);
  const keys = [...new Set([...def.required_connections.map((c) => c.key), ...placeholderKeys(def.workflow)])];
  const bad = keys.filter((key) => !usable.has(connections[key] ?? ""));
  if (bad.length > 0) {
    throw new AppError("connection_not_found", `Connection not found or not usable for: ${bad.join(", ")}`, {
      details: {
        issues: bad.map((key) => ({
          path: `connections.${key}`,
          message: "No usable connection with this id in this organization (missing, expired or incomplete)",
        })),
      },
    });
  }
  // Runbook inputs choose URLs (an API base, a Portainer address). Only a connection pinned to a base URL keeps
  // its credentials from being sent wherever an operator points an input (the http step enforces the pin).
  const unpinned = keys.filter((key) => !usable.get(connections[key] ?? "")?.base_url);
  if (unpinned.length > 0) {
    throw new AppError("connection_unscoped", `Connection has no base URL for: ${unpinned.join(", ")}`, {
      details: {
        issues: unpinned.map((key) => ({
          path: `connections.${key}`,
          message:
            "Set this connection's base URL (Settings → Connections): runbooks only use connections pinned to their API's address",
        })),
      },
    });
  }
}

/**
 * Makes sure the org's hidden workflow for `def` exists and its latest version is the instantiated graph,
 * publishing a new immutable version only when the graph changed. Returns the workflow id and version to run.
 */
export async function ensureRunbookWorkflow(
  env: Env,
  scope: OrgScope,
  principal: Principal,
  def: RunbookDefinition,
  connections: Record<string, string>,
  now: number,
): Promise<{ workflowId: string; version: number }> {
  await checkConnections(env.DB, scope, def, connections, now);
  const graph = instantiateGraph(def, connections);
  const limits = await getOrgLimits(env.DB, scope);
  const checked = validateWorkflowGraph(graph, limits);
  if (!checked.valid) {
    // A broken built-in runbook is our bug, not the caller's: a 500 with the issues for the logs.
    throw new AppError("internal", `The runbook "${def.name}" is not a valid workflow`, {
      details: { issues: checked.issues },
    });
  }
  const note = versionNote(def, await graphHash(graph));
  // A few tries: a concurrent execute may create the workflow or publish the same number in between.
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await findOrCreate(env, scope, principal, def, graph as DraftGraph);
    if (row.latestVersion > 0) {
      const latest = await getVersion(env.DB, scope, row.id, row.latestVersion);
      if (latest?.note === note) return { workflowId: row.id, version: row.latestVersion };
    }
    const published = await publishVersion(env.DB, scope, row, graph as DraftGraph, principal.id, note);
    if (published) return { workflowId: row.id, version: published.version };
  }
  throw new AppError("conflict", "The runbook is being updated by another request; try again");
}

async function findOrCreate(
  env: Env,
  scope: OrgScope,
  principal: Principal,
  def: RunbookDefinition,
  graph: DraftGraph,
): Promise<WorkflowRow> {
  const existing = await findRunbookWorkflow(env.DB, scope, def.name);
  if (existing) return existing;
  try {
    return await insertWorkflow(env.DB, scope, {
      id: newId("wf"),
      name: `Runbook: ${def.title}`,
      description: def.description,
      tags: ["runbook"],
      draftGraph: graph,
      createdBy: principal.id,
      runbook: def.name,
    });
  } catch (err) {
    // The unique (org, runbook) index: another request created it first.
    const raced = /UNIQUE|constraint/i.test(String(err)) ? await findRunbookWorkflow(env.DB, scope, def.name) : null;
    if (raced) return raced;
    throw err;
  }
}
