// Expressions and templates inside executors: evaluation options from the step input, failures named after the node.
import {
  type EvaluateOptions,
  type ExpressionContext,
  ExpressionError,
  evaluateExpression,
  renderTemplate,
  renderValue,
} from "../engine/expressions";
import { quoteStep, StepFailure } from "../engine/run/errors";
import type { NodeOf, StepInput } from "./types";

/** The node's name for people (its `name`, else its id), exactly as the engine labels it. */
export function stepLabel(node: { id: string; name?: string }): string {
  return node.name?.trim() || node.id;
}

/** Clock and randomness for `$now()` / `$random()`: the attempt's, never the machine's. */
export function expressionOptions(input: StepInput): EvaluateOptions {
  return { now: () => input.now, ...(input.random ? { random: input.random } : {}) };
}

/**
 * The step error for an expression that failed in `field` (e.g. "the URL", "header “Accept”"). Keeps the
 * expression module's code (`expression_failed`, `expression_syntax`, the budget codes); never retryable.
 */
export function expressionFailure(node: NodeOf, field: string, err: ExpressionError): StepFailure {
  const at = err.position === undefined ? "" : ` (position ${err.position})`;
  return new StepFailure(
    {
      code: err.code,
      message_human: `Step ${quoteStep(stepLabel(node))}: ${field} could not be evaluated. ${err.message}`,
      message_tech: `${node.type} node ${node.id}, ${field}${at}: ${err.detail}`,
      retryable: false,
      details: { field, ...(err.position === undefined ? {} : { position: err.position }) },
    },
    { cause: err },
  );
}

async function guarded<R>(node: NodeOf, field: string, run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ExpressionError) throw expressionFailure(node, field, err);
    throw err;
  }
}

/**
 * Evaluates a full expression (transform, condition, switch).
 * @throws StepFailure naming the node and `field` when the expression fails.
 */
export function evaluateField(
  input: StepInput,
  field: string,
  source: string,
  context: ExpressionContext = input.context,
): Promise<unknown> {
  return guarded(input.node, field, () => evaluateExpression(source, context, expressionOptions(input)));
}

/**
 * Renders one template string (a lone `{{ expr }}` keeps the value's type).
 * @throws StepFailure naming the node and `field`.
 */
export function renderField(
  input: StepInput,
  field: string,
  template: string,
  context: ExpressionContext = input.context,
): Promise<unknown> {
  return guarded(input.node, field, () => renderTemplate(template, context, expressionOptions(input)));
}

/**
 * Renders every template string inside a value (objects and arrays; keys are left alone).
 * @throws StepFailure naming the node and `field`.
 */
export function renderFieldValue(
  input: StepInput,
  field: string,
  value: unknown,
  context: ExpressionContext = input.context,
): Promise<unknown> {
  return guarded(input.node, field, () => renderValue(value, context, expressionOptions(input)));
}

/**
 * A rendered value as text, the way templates interpolate it: null/undefined → "", strings as is, other values as
 * JSON.
 */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "";
}

/** `undefined` (a missing value) as `null`, so an output survives JSON persistence with its key. */
export function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}
