/** An example webhook body built from a workflow's `input_schema`, for the curl examples. */

const MAX_DEPTH = 4;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isJson(value: unknown): value is Json {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isJson);
  return isRecord(value) && Object.values(value).every(isJson);
}

function exampleString(schema: Record<string, unknown>, name: string): string {
  switch (schema.format) {
    case "email":
      return "user@example.com";
    case "date-time":
      return "2026-01-01T09:00:00Z";
    case "date":
      return "2026-01-01";
    case "uri":
    case "url":
      return "https://example.com";
    default:
      return name ? `example ${name}` : "example";
  }
}

function exampleNumber(schema: Record<string, unknown>, integer: boolean): number {
  const min = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const value = min ?? 1;
  return integer ? Math.ceil(value) : value;
}

/** The schema's own example, default, const or first enum value, when it gives one. */
function declaredValue(schema: Record<string, unknown>): Json | undefined {
  const examples = Array.isArray(schema.examples) ? schema.examples : [];
  const enums = Array.isArray(schema.enum) ? schema.enum : [];
  for (const candidate of [schema.example, examples[0], schema.default, schema.const, enums[0]]) {
    if (candidate !== undefined && isJson(candidate)) return candidate;
  }
  return undefined;
}

function exampleValue(schema: unknown, name: string, depth: number): Json {
  if (!isRecord(schema)) return null;
  const declared = declaredValue(schema);
  if (declared !== undefined) return declared;
  // A list of types ("string" or null): take the first that isn't null.
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      return exampleString(schema, name);
    case "integer":
      return exampleNumber(schema, true);
    case "number":
      return exampleNumber(schema, false);
    case "boolean":
      return true;
    case "array":
      return depth >= MAX_DEPTH ? [] : [exampleValue(schema.items, name, depth + 1)];
    case "object":
      return depth >= MAX_DEPTH ? {} : exampleObject(schema, depth + 1);
    default:
      return isRecord(schema.properties) && depth < MAX_DEPTH ? exampleObject(schema, depth + 1) : null;
  }
}

function exampleObject(schema: Record<string, unknown>, depth: number): { [key: string]: Json } {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const body: { [key: string]: Json } = {};
  for (const [name, property] of Object.entries(properties)) body[name] = exampleValue(property, name, depth);
  return body;
}

/**
 * A JSON object with one example value per property of `inputSchema` (nested objects and arrays
 * included, a few levels deep): the schema's example/default/enum when it has one, else a value of
 * the property's type. `{}` when there is no usable schema, which a workflow without inputs accepts.
 * @example exampleBody({ type: "object", properties: { user_id: { type: "string" } } }) // { user_id: "example user_id" }
 */
export function exampleBody(inputSchema: unknown): { [key: string]: Json } {
  return isRecord(inputSchema) ? exampleObject(inputSchema, 0) : {};
}
