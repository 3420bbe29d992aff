/**
 * The Start-run form from a workflow's `input_schema` (JSON Schema): which labelled inputs to show, how their text
 * becomes the typed run input, and which field each of the API's validation issues belongs to.
 */
import { z } from "zod";

type Primitive = string | number | boolean | null;

interface FieldBase {
  name: string;
  /** The property's `title`, else its name. */
  label: string;
  description: string | null;
  required: boolean;
}

/** One input of the form; `kind` picks the control. `json` is the fallback for anything richer (objects, arrays…). */
export type InputField =
  | (FieldBase & { kind: "string"; inputType: "text" | "email" | "url" | "date"; defaultValue: string | null })
  | (FieldBase & { kind: "number" | "integer"; defaultValue: number | null })
  | (FieldBase & { kind: "boolean"; defaultValue: boolean | null })
  | (FieldBase & { kind: "enum"; options: { label: string; value: Primitive }[]; defaultValue: Primitive | undefined })
  | (FieldBase & { kind: "json"; defaultValue: unknown });

/** The whole form: labelled fields, or one raw JSON textarea when the schema isn't a plain object of properties. */
export type InputForm = { kind: "fields"; fields: InputField[] } | { kind: "raw"; reason: string };

/** What the form holds while being edited: text per field, or a boolean for checkboxes. */
export type InputValues = Record<string, string | boolean>;

export type BuiltInput = { ok: true; input: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isPrimitive = (value: unknown): value is Primitive =>
  value === null || ["string", "number", "boolean"].includes(typeof value);

/** `"string"`, or the one non-null type of `["string", "null"]`; null when there's no single type. */
function singleType(type: unknown): string | null {
  if (typeof type === "string") return type;
  if (!Array.isArray(type)) return null;
  const nonNull = type.filter((t) => t !== "null");
  return nonNull.length === 1 && typeof nonNull[0] === "string" ? nonNull[0] : null;
}

const INPUT_TYPES = { email: "email", uri: "url", url: "url", date: "date" } as const;

function fieldOf(name: string, property: unknown, required: boolean): InputField {
  const schema = isRecord(property) ? property : {};
  const base: FieldBase = {
    name,
    label: typeof schema.title === "string" && schema.title.trim() ? schema.title : name,
    description: typeof schema.description === "string" ? schema.description : null,
    required,
  };
  const fallback = schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every(isPrimitive)) {
    const options = schema.enum.map((value) => ({ label: value === null ? "(none)" : String(value), value }));
    return { ...base, kind: "enum", options, defaultValue: isPrimitive(fallback) ? fallback : undefined };
  }
  const type = singleType(schema.type);
  switch (type) {
    case "string": {
      const format = typeof schema.format === "string" ? schema.format : "";
      const inputType = format in INPUT_TYPES ? INPUT_TYPES[format as keyof typeof INPUT_TYPES] : "text";
      return { ...base, kind: "string", inputType, defaultValue: typeof fallback === "string" ? fallback : null };
    }
    case "number":
    case "integer":
      return { ...base, kind: type, defaultValue: typeof fallback === "number" ? fallback : null };
    case "boolean":
      return { ...base, kind: "boolean", defaultValue: typeof fallback === "boolean" ? fallback : null };
    default:
      return { ...base, kind: "json", defaultValue: fallback };
  }
}

/**
 * The form for an input schema. No schema, or one that isn't `{ type: "object", properties }`, gets a raw JSON
 * textarea (the server still validates the input against the schema).
 * @example deriveInputForm({ type: "object", required: ["service"], properties: { service: { type: "string" } } })
 * // { kind: "fields", fields: [{ name: "service", kind: "string", required: true, … }] }
 */
export function deriveInputForm(schema: unknown): InputForm {
  if (schema === undefined || schema === null)
    return { kind: "raw", reason: "This workflow declares no input schema." };
  if (!isRecord(schema) || schema.type !== "object" || !isRecord(schema.properties)) {
    return { kind: "raw", reason: "This input schema can't be shown as a form." };
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : []);
  const fields = Object.entries(schema.properties).map(([name, property]) =>
    fieldOf(name, property, required.has(name)),
  );
  return { kind: "fields", fields };
}

/** The form's starting values: each field's default, else empty. Enum values are option indexes (types survive). */
export function initialValues(fields: readonly InputField[]): InputValues {
  const values: InputValues = {};
  for (const field of fields) {
    switch (field.kind) {
      case "boolean":
        values[field.name] = field.defaultValue ?? false;
        break;
      case "enum": {
        const index = field.options.findIndex((option) => option.value === field.defaultValue);
        values[field.name] = index >= 0 ? String(index) : "";
        break;
      }
      case "json":
        values[field.name] = field.defaultValue === undefined ? "" : JSON.stringify(field.defaultValue, null, 2);
        break;
      case "string":
      case "number":
      case "integer":
        values[field.name] = field.defaultValue === null ? "" : String(field.defaultValue);
        break;
      default: {
        const _never: never = field;
        throw new Error(`unknown field ${JSON.stringify(_never)}`);
      }
    }
  }
  return values;
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string } | { ok: "empty" };

function parseField(field: InputField, raw: string | boolean | undefined): Parsed {
  if (field.kind === "boolean") return { ok: true, value: raw === true };
  const text = typeof raw === "string" ? raw : "";
  // Empty optional fields are left out; an empty required one too, so the server names what is missing.
  if (text.trim() === "") return { ok: "empty" };
  switch (field.kind) {
    case "string":
      return { ok: true, value: text };
    case "number":
    case "integer": {
      const value = Number(text.trim());
      if (!Number.isFinite(value)) return { ok: false, error: "Enter a number" };
      if (field.kind === "integer" && !Number.isInteger(value)) return { ok: false, error: "Enter a whole number" };
      return { ok: true, value };
    }
    case "enum": {
      const option = field.options[Number(text)];
      return option ? { ok: true, value: option.value } : { ok: false, error: "Choose one of the options" };
    }
    case "json":
      return parseJson(text);
    default: {
      const _never: never = field;
      throw new Error(`unknown field ${JSON.stringify(_never)}`);
    }
  }
}

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `Enter valid JSON (${(err as Error).message})` };
  }
}

/**
 * The run input from the form's values, or a message per field that can't be converted (a number that isn't one,
 * broken JSON). Schema rules beyond types (required, patterns, ranges) are the server's to check.
 * @example buildInput(fields, { service: "api", replicas: "3" }) // { ok: true, input: { service: "api", replicas: 3 } }
 */
export function buildInput(fields: readonly InputField[], values: InputValues): BuiltInput {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const parsed = parseField(field, values[field.name]);
    if (parsed.ok === true) input[field.name] = parsed.value;
    else if (parsed.ok === false) errors[field.name] = parsed.error;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

/** The run input from the raw JSON textarea: it must be a JSON object. Errors are keyed `""` (the textarea). */
export function buildRawInput(text: string): BuiltInput {
  if (text.trim() === "") return { ok: true, input: {} };
  const parsed = parseJson(text);
  if (parsed.ok !== true) return { ok: false, errors: { "": parsed.ok === false ? parsed.error : "" } };
  if (!isRecord(parsed.value)) return { ok: false, errors: { "": "The input must be a JSON object: { … }" } };
  return { ok: true, input: parsed.value };
}

const Issues = z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })) });
const MISSING = /required property "([^"]+)"/;

/**
 * Sorts the API's `details.issues` of a rejected start between the form's fields (`input.service`, or a missing
 * required property reported on `input`) and the rest, which the form shows as a whole.
 * @example inputIssues({ issues: [{ path: "input.n", message: "Expected number" }] }, ["n"]) // { byField: { n: "Expected number" }, other: [] }
 */
export function inputIssues(
  details: unknown,
  fieldNames: readonly string[],
): { byField: Record<string, string>; other: string[] } {
  const parsed = Issues.safeParse(details);
  const byField: Record<string, string> = {};
  const other: string[] = [];
  if (!parsed.success) return { byField, other };
  const known = new Set(fieldNames);
  for (const issue of parsed.data.issues) {
    const segments = issue.path.split(".");
    const missing = issue.path === "input" ? MISSING.exec(issue.message)?.[1] : undefined;
    const name = segments[0] === "input" && segments.length > 1 ? segments[1] : missing;
    if (name !== undefined && known.has(name)) byField[name] ??= missing !== undefined ? "Required" : issue.message;
    else other.push(issue.path && issue.path !== "input" ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return { byField, other };
}
