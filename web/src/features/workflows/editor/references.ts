/**
 * Reference autocomplete for expression and template inputs: which context paths a node may read (`input.*`,
 * `steps.<ancestor>.output|status`, `run.*`, `vars.*`), what the person is typing, and how a pick is inserted.
 */
import type { GraphInput } from "../../../../../worker/contracts/workflow";
import { RUN_CONTEXT_FIELDS } from "../../../../../worker/engine/expressions/evaluate";
import { adjacency, ancestors } from "../../../../../worker/engine/graph/traversal";
import type { ExpressionKind } from "./schema-form";

function keysOf(value: unknown): string[] {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
}

/**
 * Every path an expression of node `nodeId` can read, in a stable order: input properties declared in
 * `input_schema`, the output and status of nodes that run before it (graph order), run fields, and vars.
 * `nodeId` null is for workflow settings, which are computed before any step runs (no `steps.*`).
 * @example referenceablePaths(graph, "shape") // ["input.user_id", "steps.get_user.output", "steps.get_user.status", "run.id", …]
 */
export function referenceablePaths(
  graph: Pick<GraphInput, "nodes" | "edges" | "input_schema" | "vars">,
  nodeId: string | null,
): string[] {
  const schema = graph.input_schema as { properties?: unknown } | undefined;
  const input = keysOf(schema?.properties).map((key) => `input.${key}`);
  let steps: string[] = [];
  if (nodeId !== null) {
    const before = ancestors(adjacency(graph), nodeId);
    steps = graph.nodes
      .filter((node) => node.id !== nodeId && before.has(node.id))
      .flatMap((node) => [`steps.${node.id}.output`, `steps.${node.id}.status`]);
  }
  const run = RUN_CONTEXT_FIELDS.map((field) => `run.${field}`);
  const vars = keysOf(graph.vars).map((key) => `vars.${key}`);
  return [...input, ...steps, ...run, ...vars];
}

/** The part of the text a suggestion would replace: `text.slice(from, to)` is `prefix`. */
export interface SuggestionQuery {
  from: number;
  to: number;
  prefix: string;
}

const PATH_CHARS = /[A-Za-z0-9_.]*$/;

/**
 * What is being typed at `caret`, if a suggestion makes sense there. In a template only inside an open `{{ … }}`
 * (so plain text like a URL gets no popup); in an expression anywhere. `null`: offer nothing.
 * @example suggestionQuery("Hi {{ inp", 9, "template") // { from: 6, to: 9, prefix: "inp" }
 */
export function suggestionQuery(text: string, caret: number, kind: ExpressionKind): SuggestionQuery | null {
  const before = text.slice(0, caret);
  let start = 0;
  if (kind === "template") {
    const open = before.lastIndexOf("{{");
    if (open === -1 || before.indexOf("}}", open) !== -1) return null;
    start = open + 2;
  }
  const prefix = PATH_CHARS.exec(before.slice(start))?.[0] ?? "";
  // A `$` or quote right before means a JSONata variable or a string literal, not a context path.
  const previous = before.charAt(caret - prefix.length - 1);
  if (previous === "$" || previous === '"' || previous === "'") return null;
  return { from: caret - prefix.length, to: caret, prefix };
}

/**
 * The paths matching `prefix` (case-insensitive): those starting with it first, then those containing it.
 * Nothing when the only match is exactly what is typed already.
 * @example filterSuggestions(["input.id", "run.id"], "id") // ["input.id", "run.id"]
 */
export function filterSuggestions(paths: readonly string[], prefix: string, limit = 12): string[] {
  const needle = prefix.toLowerCase();
  const starts = paths.filter((path) => path.toLowerCase().startsWith(needle));
  const contains = paths.filter((path) => !starts.includes(path) && path.toLowerCase().includes(needle));
  const matches = [...starts, ...contains].slice(0, limit);
  return matches.length === 1 && matches[0] === prefix ? [] : matches;
}

/**
 * The text with the typed prefix replaced by `path`, and where the caret goes (right after the path, so the person
 * can go on with `.field`). In a template an unclosed `{{` gets its ` }}`.
 * @example applySuggestion("{{ inp", { from: 3, to: 6, prefix: "inp" }, "input.id", "template")
 *   // { text: "{{ input.id }}", caret: 11 }
 */
export function applySuggestion(
  text: string,
  query: SuggestionQuery,
  path: string,
  kind: ExpressionKind,
): { text: string; caret: number } {
  const head = text.slice(0, query.from) + path;
  let tail = text.slice(query.to);
  if (kind === "template") {
    const close = tail.indexOf("}}");
    const nextOpen = tail.indexOf("{{");
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) tail = ` }}${tail}`;
  }
  return { text: head + tail, caret: head.length };
}
