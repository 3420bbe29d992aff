/**
 * Snapshot stripping for the marketplace: what a published item may carry. Connection ids, secret
 * values and org-internal ids (other workflows, users) never leave the publisher's org; what was
 * removed is listed so an installer knows what to set up.
 */
import { isSecretKey } from "../engine/redact";

/** A node that needs one of the installer's connections. */
export interface ConnectionToSetUp {
  node_id: string;
  node_type: string;
}

/** A value that was secret-looking and now is "": the installer fills it in. */
export interface SecretToFill {
  /** Dotted path from the graph root, e.g. `nodes.0.config.headers.Authorization` or `vars.api_key`. */
  path: string;
  node_id?: string;
}

/** A reference to something in the publisher's org (a sub-workflow, an approver) that was removed. */
export interface ReferenceToSetUp {
  node_id: string;
  kind: "subworkflow" | "approver_users";
}

/** Everything an installer must configure after installing. */
export interface SetupNeeds {
  connections: ConnectionToSetUp[];
  secrets: SecretToFill[];
  references: ReferenceToSetUp[];
}

/**
 * Placeholder for a required reference (an LLM node's `connection_id`, a sub-workflow's
 * `workflow_id`) so the installed graph still validates and can be published as version 1; it is
 * not an id of any org, and a run fails on it until the installer picks their own.
 */
export const SETUP_PLACEHOLDER = "set-up-after-install";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep copy that blanks values under secret-looking keys (recording where) and drops `connection_id` keys. */
function scrub(value: unknown, path: string, nodeId: string | undefined, needs: SetupNeeds): Json {
  if (Array.isArray(value)) {
    // Header pairs written as `[name, value]`: the name decides whether the value is secret.
    if (value.length === 2 && typeof value[0] === "string" && isSecretKey(value[0]) && value[1] !== "") {
      needs.secrets.push({ path: `${path}.1`, ...(nodeId ? { node_id: nodeId } : {}) });
      return [value[0], ""];
    }
    return value.map((item, index) => scrub(item, `${path}.${index}`, nodeId, needs));
  }
  if (isRecord(value)) {
    const out: Record<string, Json> = {};
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === "connection_id") continue;
      if (isSecretKey(key)) {
        // Blank, not delete: the installer sees the field and fills it in with their own secret.
        if (inner !== "" && inner !== undefined && inner !== null) {
          needs.secrets.push({ path: at, ...(nodeId ? { node_id: nodeId } : {}) });
        }
        out[key] = "";
        continue;
      }
      if (inner !== undefined) out[key] = scrub(inner, at, nodeId, needs);
    }
    return out;
  }
  if (typeof value === "string") return stripUrlSecrets(value, path, nodeId, needs);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean" || value === null) return value;
  return null;
}

/** Blanks secret-looking query parameters of an absolute URL (`?api_key=…`). */
function stripUrlSecrets(text: string, path: string, nodeId: string | undefined, needs: SetupNeeds): string {
  if (!/^https?:\/\/[^?#]*\?/i.test(text) || !URL.canParse(text)) return text;
  const url = new URL(text);
  let changed = false;
  for (const name of new Set(url.searchParams.keys())) {
    if (isSecretKey(name) && url.searchParams.get(name) !== "") {
      url.searchParams.set(name, "");
      changed = true;
    }
  }
  if (!changed) return text;
  needs.secrets.push({ path, ...(nodeId ? { node_id: nodeId } : {}) });
  return url.href;
}

function stripNode(node: Record<string, unknown>, index: number, needs: SetupNeeds): Json {
  const nodeId = typeof node.id === "string" ? node.id : `#${index}`;
  const type = typeof node.type === "string" ? node.type : "unknown";
  const config = isRecord(node.config) ? { ...node.config } : node.config;
  if (isRecord(config)) {
    if (typeof config.connection_id === "string" && config.connection_id !== "") {
      needs.connections.push({ node_id: nodeId, node_type: type });
    }
    if (type === "subworkflow" && "workflow_id" in config) {
      config.workflow_id = SETUP_PLACEHOLDER;
      needs.references.push({ node_id: nodeId, kind: "subworkflow" });
    }
    if (type === "approval" && isRecord(config.approvers) && "user_ids" in config.approvers) {
      const { user_ids: _users, ...rest } = config.approvers;
      if (Object.keys(rest).length > 0) config.approvers = rest;
      else delete config.approvers;
      needs.references.push({ node_id: nodeId, kind: "approver_users" });
    }
  }
  const out = scrub({ ...node, config }, `nodes.${index}`, nodeId, needs);
  // A required connection (LLM) keeps a placeholder so the graph stays valid; optional ones (HTTP) are dropped.
  if (type === "llm" && isRecord(out) && isRecord(out.config)) out.config.connection_id = SETUP_PLACEHOLDER;
  return out;
}

/**
 * A graph safe to publish, and what the installer must set up.
 * @example stripSnapshot({ nodes: [{ id: "a", type: "http", config: { method: "GET", url: "https://x", connection_id: "conn_1" } }], edges: [] })
 * // graph without connection_id; needs.connections = [{ node_id: "a", node_type: "http" }]
 */
export function stripSnapshot(graph: unknown): { graph: Record<string, Json>; needs: SetupNeeds } {
  const needs: SetupNeeds = { connections: [], secrets: [], references: [] };
  const source = isRecord(graph) ? graph : {};
  const nodes = Array.isArray(source.nodes) ? source.nodes : [];
  const out: Record<string, Json> = {
    nodes: nodes
      .map((node, index) => (isRecord(node) ? stripNode(node, index, needs) : null))
      .filter((n) => n !== null),
    edges: scrub(Array.isArray(source.edges) ? source.edges : [], "edges", undefined, needs),
  };
  for (const key of ["input_schema", "settings", "vars"] as const) {
    if (source[key] !== undefined) out[key] = scrub(source[key], key, undefined, needs);
  }
  return { graph: out, needs };
}
