/**
 * Derives form fields from a node type's zod config schema (strings, numbers, booleans, enums, lists, records,
 * nested objects, and JSON for anything else), so every node type gets a form without hand-written UI.
 */
import { z } from "zod";
import type { ExpressionField } from "../../../../../worker/contracts/node-types";

/** How a string is read at run time: plain text, one full expression, or a template with `{{ }}` parts. */
export type ExpressionKind = ExpressionField["kind"];

interface FieldCommon {
  key: string;
  label: string;
  /** False when the schema marks the field optional or gives it a default. */
  required: boolean;
  /** The schema's default, shown when the value is unset. */
  defaultValue?: unknown;
}

/** One form field. Paths are relative to the parent; the form composes them. */
export type FieldSpec =
  | (FieldCommon & { kind: "text"; multiline: boolean; expression: ExpressionKind | null })
  | (FieldCommon & { kind: "number"; integer: boolean; min: number | null; max: number | null })
  | (FieldCommon & { kind: "boolean" })
  | (FieldCommon & { kind: "enum"; options: string[] })
  | (FieldCommon & { kind: "string_list"; expression: ExpressionKind | null })
  | (FieldCommon & { kind: "number_list" })
  | (FieldCommon & { kind: "enum_list"; options: string[] })
  | (FieldCommon & { kind: "record"; values: "text" | "json"; expression: ExpressionKind | null })
  | (FieldCommon & { kind: "object"; fields: FieldSpec[] })
  | (FieldCommon & { kind: "object_list"; itemLabel: string; fields: FieldSpec[] })
  | (FieldCommon & { kind: "json"; expression: ExpressionKind | null });

/** Strings at least this long get a textarea. */
const LONG_TEXT = 10_000;

const WORDS: Record<string, string> = { id: "ID", url: "URL", ms: "(ms)", llm: "LLM", mcp: "MCP", json: "JSON" };

/**
 * A label from a config key.
 * @example humanize("timeout_ms") // "Timeout (ms)"
 * @example humanize("connection_id") // "Connection ID"
 */
export function humanize(key: string): string {
  const words = key.split("_").filter(Boolean);
  return words
    .map((word, index) => WORDS[word] ?? (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word))
    .join(" ");
}

function singular(label: string): string {
  return label.endsWith("s") ? label.slice(0, -1) : label;
}

/**
 * Whether the value at `path` (config keys, `*` for list items and record values) is an expression or template
 * according to the registry's `expressionFields`. Templates cover everything under their path; expressions only
 * the exact string.
 * @example expressionKindAt(["headers", "*"], [{ path: "headers", kind: "template" }]) // "template"
 */
export function expressionKindAt(path: readonly string[], fields: readonly ExpressionField[]): ExpressionKind | null {
  for (const field of fields) {
    const declared = field.path.split(".");
    const matches = declared.every((segment, index) => segment === "*" || segment === path[index]);
    if (!matches) continue;
    if (declared.length === path.length || (field.kind === "template" && path.length > declared.length)) {
      return field.kind;
    }
  }
  return null;
}

interface Unwrapped {
  schema: z.ZodType;
  required: boolean;
  defaultValue?: unknown;
}

function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let required = true;
  let defaultValue: unknown;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      required = false;
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDefault) {
      required = false;
      defaultValue = current.def.defaultValue;
      current = current.unwrap() as z.ZodType;
    } else {
      return defaultValue === undefined ? { schema: current, required } : { schema: current, required, defaultValue };
    }
  }
}

function listSpec(common: FieldCommon, element: z.ZodType, path: string[], fields: readonly ExpressionField[]) {
  const item = unwrap(element).schema;
  if (item instanceof z.ZodString) {
    return { ...common, kind: "string_list", expression: expressionKindAt([...path, "*"], fields) } as const;
  }
  if (item instanceof z.ZodNumber) return { ...common, kind: "number_list" } as const;
  if (item instanceof z.ZodEnum) {
    return { ...common, kind: "enum_list", options: item.options.map(String) } as const;
  }
  if (item instanceof z.ZodObject) {
    const itemFields = describeShape(item, [...path, "*"], fields);
    return { ...common, kind: "object_list", itemLabel: singular(common.label), fields: itemFields } as const;
  }
  return { ...common, kind: "json", expression: expressionKindAt(path, fields) } as const;
}

function describeField(key: string, schema: z.ZodType, path: string[], fields: readonly ExpressionField[]): FieldSpec {
  const { schema: inner, required, defaultValue } = unwrap(schema);
  const common: FieldCommon = {
    key,
    label: humanize(key),
    required,
    ...(defaultValue === undefined ? {} : { defaultValue }),
  };
  const expression = expressionKindAt(path, fields);
  if (inner instanceof z.ZodString) {
    // Unbounded strings are identifiers checked by a pattern (event names), not prose: one line.
    const multiline = expression === "expression" || (inner.maxLength !== null && inner.maxLength >= LONG_TEXT);
    return { ...common, kind: "text", multiline, expression };
  }
  if (inner instanceof z.ZodNumber) {
    return { ...common, kind: "number", integer: inner.isInt, min: inner.minValue, max: inner.maxValue };
  }
  if (inner instanceof z.ZodBoolean) return { ...common, kind: "boolean" };
  if (inner instanceof z.ZodEnum) return { ...common, kind: "enum", options: inner.options.map(String) };
  if (inner instanceof z.ZodArray) return listSpec(common, inner.element as z.ZodType, path, fields);
  if (inner instanceof z.ZodRecord) {
    const values = unwrap(inner.valueType as z.ZodType).schema instanceof z.ZodString ? "text" : "json";
    return { ...common, kind: "record", values, expression: expressionKindAt([...path, "*"], fields) };
  }
  if (inner instanceof z.ZodObject) return { ...common, kind: "object", fields: describeShape(inner, path, fields) };
  // unknown, unions, literals…: edited as JSON, which any value can be.
  return { ...common, kind: "json", expression };
}

function describeShape(schema: z.ZodObject, path: string[], fields: readonly ExpressionField[]): FieldSpec[] {
  return Object.entries(schema.shape).map(([key, child]) =>
    describeField(key, child as z.ZodType, [...path, key], fields),
  );
}

/**
 * The form fields of an object schema, in schema order. A non-object schema gives one JSON field named `value`.
 * @example describeFields(NODE_TYPES.http.configSchema, NODE_TYPES.http.expressionFields)
 *   // [{ key: "method", kind: "enum", … }, { key: "url", kind: "text", expression: "template", … }, …]
 */
export function describeFields(schema: z.ZodType, expressionFields: readonly ExpressionField[] = []): FieldSpec[] {
  const inner = unwrap(schema).schema;
  if (inner instanceof z.ZodObject) return describeShape(inner, [], expressionFields);
  return [{ key: "value", label: "Value", required: true, kind: "json", expression: null }];
}

/**
 * A starting value for a new list item or a newly switched-on optional object: required enums take their first
 * option, required strings "", required booleans false, required lists []; everything optional stays unset.
 */
export function blankValue(fields: readonly FieldSpec[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.defaultValue !== undefined) value[field.key] = structuredClone(field.defaultValue);
    if (!field.required) continue;
    switch (field.kind) {
      case "text":
        value[field.key] = "";
        break;
      case "enum":
        value[field.key] = field.options[0];
        break;
      case "boolean":
        value[field.key] = false;
        break;
      case "string_list":
      case "number_list":
      case "enum_list":
      case "object_list":
        value[field.key] = [];
        break;
      case "record":
        value[field.key] = {};
        break;
      case "object":
        value[field.key] = blankValue(field.fields);
        break;
      case "number":
      case "json":
        break;
      default: {
        const _never: never = field;
        return _never;
      }
    }
  }
  return value;
}
