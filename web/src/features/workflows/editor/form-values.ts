/** Conversions between config values and what form inputs show and accept (lists as lines, JSON text, record rows). */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A copy of `target` (an object) with `key` set, or removed when `value` is undefined: clearing an optional input
 * removes the field instead of saving `""`, which the schema would reject.
 * @example withField({ a: 1, b: 2 }, "a", undefined) // { b: 2 }
 */
export function withField(target: unknown, key: string, value: unknown): Record<string, unknown> {
  const next: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** A member of an object-ish value, or undefined. */
export function fieldOf(target: unknown, key: string): unknown {
  return isRecord(target) ? target[key] : undefined;
}

/** One string per non-empty line (trimmed). */
export function linesToList(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** A list of strings as one per line (non-strings shown as JSON). */
export function listToLines(value: unknown): string {
  if (!Array.isArray(value)) return "";
  return value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join("\n");
}

/** The outcome of parsing what a person typed. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Numbers separated by commas or spaces; empty text is an empty list.
 * @example parseNumberList("200, 201") // { ok: true, value: [200, 201] }
 */
export function parseNumberList(text: string): Parsed<number[]> {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const numbers = parts.map(Number);
  const bad = parts.find((_part, index) => !Number.isFinite(numbers[index]));
  return bad === undefined ? { ok: true, value: numbers } : { ok: false, error: `"${bad}" is not a number` };
}

/**
 * JSON text to a value; empty text is `undefined` (the field is unset).
 * @example parseJsonText('{"a": 1') // { ok: false, error: "…" }
 */
export function parseJsonText(text: string): Parsed<unknown> {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** A value as editable JSON text (empty for unset). */
export function toJsonText(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A record value (which may be any JSON) as one line of text: strings as they are, everything else as JSON.
 * A string that would read back as JSON (`"123"`, `"true"`) is quoted, so `decodeLoose(encodeLoose(v))` is `v`.
 * @example encodeLoose("Hello {{ input.name }}") // 'Hello {{ input.name }}'
 * @example encodeLoose(42) // '42'
 */
export function encodeLoose(value: unknown): string {
  if (typeof value === "string" && !parsesAsJson(value)) return value;
  return JSON.stringify(value) ?? "";
}

/** Reads back what `encodeLoose` shows: JSON when it parses, the text itself otherwise. */
export function decodeLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** One key/value row of a record editor. */
export interface RecordRow {
  key: string;
  value: string;
}

/** A record's entries as rows (values as text: strings as they are, or `encodeLoose` for JSON-valued records). */
export function recordToRows(value: unknown, values: "text" | "json"): RecordRow[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).map(([key, item]) => ({
    key,
    value: values === "text" && typeof item === "string" ? item : encodeLoose(item),
  }));
}

/** Rows back to a record. Rows without a key are left out (still being typed); a repeated key keeps the last row. */
export function rowsToRecord(rows: readonly RecordRow[], values: "text" | "json"): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const row of rows) {
    if (row.key.trim() === "") continue;
    record[row.key] = values === "text" ? row.value : decodeLoose(row.value);
  }
  return record;
}
