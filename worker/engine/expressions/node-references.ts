/** Where a node's config holds expressions and templates (from the registry's `expressionFields`), and what they read. */
import { getNodeType, type NodeType } from "../../contracts/node-types";
import { ExpressionError } from "./errors";
import { analyzeReferences, type ExpressionReference, templateReferences } from "./references";
import { isTemplate } from "./template";

/** One expression or template string in a node's config. `field` is dotted from the node, e.g. `config.headers.Authorization`. */
export interface ExpressionSite {
  field: string;
  kind: "expression" | "template";
  source: string;
}

/** A reference together with the config field it was found in. */
export interface NodeReference extends ExpressionReference {
  field: string;
}

/** The parts of a node the functions below read. */
export interface NodeWithConfig {
  type: NodeType;
  config: unknown;
}

function collectTemplates(value: unknown, field: string, into: ExpressionSite[]): void {
  if (typeof value === "string") {
    // Strings without "{{" are literal text: nothing to parse or resolve.
    if (isTemplate(value)) into.push({ field, kind: "template", source: value });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collectTemplates(item, `${field}.${index}`, into);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) collectTemplates(item, `${field}.${key}`, into);
  }
}

function select(
  value: unknown,
  segments: string[],
  field: string,
  kind: ExpressionSite["kind"],
  into: ExpressionSite[],
) {
  const [segment, ...rest] = segments;
  if (segment === undefined) {
    if (kind === "template") collectTemplates(value, field, into);
    else if (typeof value === "string") into.push({ field, kind, source: value });
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (segment === "*") {
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value);
    for (const [key, item] of entries) select(item, rest, `${field}.${key}`, kind, into);
  } else if (!Array.isArray(value) && Object.hasOwn(value, segment)) {
    select((value as Record<string, unknown>)[segment], rest, `${field}.${segment}`, kind, into);
  }
}

/**
 * Every expression and template string in a node's config, as declared by its type's `expressionFields`.
 * Works on unvalidated configs (missing or oddly shaped fields are skipped).
 * @example expressionSites({ type: "http", config: { method: "GET", url: "/u/{{ input.id }}" } })
 *   // [{ field: "config.url", kind: "template", source: "/u/{{ input.id }}" }]
 */
export function expressionSites(node: NodeWithConfig): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  for (const declared of getNodeType(node.type).expressionFields) {
    select(node.config, declared.path.split("."), "config", declared.kind, sites);
  }
  return sites;
}

/** The references of one site. @throws ExpressionError `expression_syntax` */
export function siteReferences(site: ExpressionSite): ExpressionReference[] {
  return site.kind === "expression" ? analyzeReferences(site.source) : templateReferences(site.source);
}

/**
 * Everything a node's expressions and templates read from the context, with the field each was found in.
 * Sites that do not parse are skipped (validation reports them as `expression_syntax`).
 * @example nodeReferences(node).filter((r) => r.root === "steps").map((r) => r.path[0]) // ids it depends on
 */
export function nodeReferences(node: NodeWithConfig): NodeReference[] {
  const references: NodeReference[] = [];
  for (const site of expressionSites(node)) {
    try {
      for (const reference of siteReferences(site)) references.push({ ...reference, field: site.field });
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
    }
  }
  return references;
}
