/** `{{ expr }}` templates inside strings: parsing, rendering, and recursive rendering inside objects and arrays. */
import { assertWithinSize, createMeter } from "./budget";
import { compileExpression } from "./compile";
import { ExpressionError } from "./errors";
import { type EvaluateOptions, type ExpressionContext, evaluateCompiled } from "./evaluate";

/** A literal run of text, or one `{{ }}` expression (`offset`: where its source starts in the template). */
export type TemplateSegment = { kind: "text"; text: string } | { kind: "expression"; source: string; offset: number };

/** True when a string contains a `{{` and so needs rendering. */
export function isTemplate(value: string): boolean {
  return value.includes("{{");
}

/**
 * Index of the `}}` closing an expression that starts at `from`. Braces of object constructors and braces inside
 * string literals do not close it: `{{ {"a": {"b": "}}"}} }}` is one expression.
 */
function findClose(template: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < template.length; i += 1) {
    const char = template[i];
    if (quote) {
      if (char === "\\") i += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'" || char === "`") {
      quote = char;
    } else if (char === "{") {
      depth += 1;
    } else if (char === "}") {
      if (depth === 0 && template[i + 1] === "}") return i;
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

/**
 * Splits a template into text and expression segments (expressions are not compiled here).
 * @throws ExpressionError `expression_syntax` for an unclosed or empty `{{ }}`.
 * @example parseTemplate("Hi {{ input.name }}!") // [text "Hi ", expression " input.name ", text "!"]
 */
export function parseTemplate(template: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let cursor = 0;
  while (cursor < template.length) {
    const open = template.indexOf("{{", cursor);
    if (open === -1) break;
    if (open > cursor) segments.push({ kind: "text", text: template.slice(cursor, open) });
    const close = findClose(template, open + 2);
    if (close === -1) {
      throw new ExpressionError("expression_syntax", `"{{" at position ${open} is never closed with "}}"`, {
        detail: "unclosed template expression",
        position: open,
      });
    }
    const source = template.slice(open + 2, close);
    if (source.trim() === "") {
      throw new ExpressionError("expression_syntax", `Empty "{{ }}" at position ${open}`, {
        detail: "empty template expression",
        position: open,
      });
    }
    segments.push({ kind: "expression", source, offset: open + 2 });
    cursor = close + 2;
  }
  if (cursor < template.length) segments.push({ kind: "text", text: template.slice(cursor) });
  return segments;
}

/** Compiles an expression segment, reporting syntax errors at their position in the whole template. */
export function compileSegment(segment: { source: string; offset: number }) {
  try {
    return compileExpression(segment.source);
  } catch (err) {
    if (err instanceof ExpressionError && err.code === "expression_syntax") {
      const position = segment.offset + (err.position ?? 0);
      throw new ExpressionError("expression_syntax", `In {{${segment.source}}}: ${err.message}`, {
        detail: err.detail,
        position,
        cause: err,
      });
    }
    throw err;
  }
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * Renders a template. A string that is exactly one `{{ expr }}` keeps the value's type (a number stays a number,
 * a missing value is `undefined`); otherwise parts are stringified (null/undefined as "", objects as JSON) and
 * concatenated. A string without `{{` is returned as is.
 * @throws ExpressionError
 * @example await renderTemplate("/users/{{ input.id }}", ctx) // "/users/42"
 * @example await renderTemplate("{{ input.id }}", ctx) // 42
 */
export async function renderTemplate(
  template: string,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): Promise<unknown> {
  if (!isTemplate(template)) return template;
  const segments = parseTemplate(template);
  const meter = options.meter ?? createMeter(options);
  const shared = { ...options, meter };
  const [only] = segments;
  if (segments.length === 1 && only?.kind === "expression") {
    return evaluateCompiled(compileSegment(only), context, shared);
  }
  let out = "";
  for (const segment of segments) {
    out +=
      segment.kind === "text"
        ? segment.text
        : stringify(await evaluateCompiled(compileSegment(segment), context, shared));
    if (out.length > meter.budget.maxBytes) {
      throw new ExpressionError("expression_too_large", "The rendered text is larger than the size limit", {
        detail: `rendered template over ${meter.budget.maxBytes} characters`,
      });
    }
  }
  return out;
}

async function renderInside(value: unknown, context: ExpressionContext, options: EvaluateOptions): Promise<unknown> {
  if (typeof value === "string") return renderTemplate(value, context, options);
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) items.push(await renderInside(item, context, options));
    return items;
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = await renderInside(item, context, options);
    return out;
  }
  return value;
}

/**
 * Renders every template string inside a value (objects and arrays, recursively; keys are left alone). All the
 * templates share one budget, and the result as a whole must fit `maxBytes`.
 * @throws ExpressionError
 * @example await renderValue({ url: "/u/{{ input.id }}", tags: ["{{ vars.env }}"] }, ctx)
 */
export async function renderValue(
  value: unknown,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): Promise<unknown> {
  const meter = options.meter ?? createMeter(options);
  const rendered = await renderInside(value, context, { ...options, meter });
  assertWithinSize(rendered, meter.budget);
  return rendered;
}
