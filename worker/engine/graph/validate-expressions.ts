/** Expression checks of a graph: every expression and template parses, and every reference can resolve. */
import type { GraphIssue } from "../../contracts/workflow";
import { ExpressionError } from "../expressions/errors";
import { RUN_CONTEXT_FIELDS } from "../expressions/evaluate";
import { type ExpressionSite, expressionSites, siteReferences } from "../expressions/node-references";
import type { ExpressionReference } from "../expressions/references";
import { type CheckedNode, describeNode, pathOf } from "./validate-items";

/** What references are checked against. `undefined` means "not declared": anything goes. */
export interface ReferenceScope {
  nodeIds: ReadonlySet<string>;
  /** The nodes that run before a node (memoise: called once per reference). */
  ancestorsOf: (nodeId: string) => ReadonlySet<string>;
  inputProperties: readonly string[] | undefined;
  varNames: readonly string[] | undefined;
}

const STEP_FIELDS = ["output", "status"];

function list(values: readonly string[]): string {
  return values.length === 0 ? "none" : values.join(", ");
}

/**
 * Why a reference cannot resolve, or null. `reader` is the node reading it (undefined for graph settings, which
 * are computed before any step runs).
 */
function problemWith(reference: ExpressionReference, reader: string | undefined, scope: ReferenceScope): string | null {
  const [first, second] = reference.path;
  if (first === undefined) return null;
  const shown = [reference.root, ...reference.path.slice(0, 2)].join(".");
  switch (reference.root) {
    case "steps": {
      if (reader === undefined) return `it reads ${shown}, but it is computed before any step runs`;
      if (!scope.nodeIds.has(first)) return `it reads ${shown}, but there is no node "${first}"`;
      if (first === reader) return `it reads its own output (${shown}); a node can only read nodes that run before it`;
      if (!scope.ancestorsOf(reader).has(first)) {
        return `it reads ${shown}, but "${first}" does not run before this node (connect ${first} → … → ${reader})`;
      }
      if (second !== undefined && !STEP_FIELDS.includes(second)) {
        return `it reads ${shown}, but a step only has output and status (did you mean steps.${first}.output.${second}?)`;
      }
      return null;
    }
    case "input":
      if (scope.inputProperties === undefined || scope.inputProperties.includes(first)) return null;
      return `it reads input.${first}, but input_schema declares no property "${first}" (declared: ${list(scope.inputProperties)})`;
    case "run":
      if ((RUN_CONTEXT_FIELDS as readonly string[]).includes(first)) return null;
      return `it reads run.${first}, which does not exist (run has ${list(RUN_CONTEXT_FIELDS)})`;
    case "vars":
      if (scope.varNames === undefined || scope.varNames.includes(first)) return null;
      return `it reads vars.${first}, but the workflow's vars have no "${first}" (declared: ${list(scope.varNames)})`;
    default: {
      const unreachable: never = reference.root;
      return unreachable;
    }
  }
}

interface Target {
  /** For messages: `Node "x": config.url`, or `settings.concurrency.key`. */
  label: string;
  /** Dotted path prefix from the graph root, e.g. `nodes.3`. */
  pathPrefix: string | undefined;
  nodeId: string | undefined;
}

/** Reports a site's syntax error, or (when `scope` is given) its unresolvable references. */
function checkSite(site: ExpressionSite, target: Target, scope: ReferenceScope | null, issues: GraphIssue[]): void {
  const path = target.pathPrefix === undefined ? site.field : pathOf(target.pathPrefix, site.field);
  let references: ExpressionReference[];
  try {
    references = siteReferences(site);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    const what = site.kind === "expression" ? "expression" : "template";
    issues.push({
      code: "expression_syntax",
      message: `${target.label}: the ${what} in ${site.field} does not parse: ${err.message}`,
      node_id: target.nodeId,
      path,
    });
    return;
  }
  if (!scope) return;
  for (const reference of references) {
    const problem = problemWith(reference, target.nodeId, scope);
    if (problem) {
      issues.push({
        code: "unknown_reference",
        message: `${target.label}: ${site.field} cannot be resolved: ${problem}`,
        node_id: target.nodeId,
        path,
      });
    }
  }
}

/** Checks the expressions and templates of every node whose type is known. */
export function checkNodeExpressions(nodes: readonly CheckedNode[], scope: ReferenceScope, issues: GraphIssue[]) {
  for (const node of nodes) {
    if (node.type === undefined) continue;
    // A node with a duplicate or invalid id has no place in the graph, so only its syntax can be judged.
    const nodeScope = node.id === undefined ? null : scope;
    const target = { label: `Node ${describeNode(node)}`, pathPrefix: pathOf("nodes", node.index), nodeId: node.id };
    for (const site of expressionSites({ type: node.type, config: node.rawConfig })) {
      checkSite(site, target, nodeScope, issues);
    }
  }
}

/** Checks `settings.concurrency.key`, a template rendered when the run is created. */
export function checkConcurrencyKey(key: string, scope: ReferenceScope, issues: GraphIssue[]): void {
  const site: ExpressionSite = { field: "settings.concurrency.key", kind: "template", source: key };
  checkSite(site, { label: "Settings", pathPrefix: undefined, nodeId: undefined }, scope, issues);
}
