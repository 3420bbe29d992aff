// Secret redaction for step snapshots (data_in, data_out), logs and errors: by key name and by known secret value.

/** What a hidden value is replaced with. */
export const REDACTED = "[redacted]";

/** Secret values shorter than this are ignored: replacing a 2-letter "secret" everywhere would shred every text. */
export const MIN_SECRET_VALUE_LENGTH = 4;

export interface RedactOptions {
  /**
   * Strings that must never appear (connection credentials): every occurrence inside any string or key is
   * replaced. Pass the forms actually sent too (a full `Basic …` header value, a URL-encoded key).
   */
  secretValues?: readonly string[];
  /** Nesting kept before a branch is cut (default 32). */
  maxDepth?: number;
  /** Values (objects, arrays and leaves) copied before the rest is cut (default 20,000). */
  maxNodes?: number;
  /** Longest string kept, after secrets were replaced (default 100,000 characters). */
  maxStringLength?: number;
}

const DEFAULTS = { maxDepth: 32, maxNodes: 20_000, maxStringLength: 100_000 } as const;

/** Secret words found anywhere in a key once separators are removed (`X-Api-Key`, `clientSecret`, `PASSWD`). */
const SECRET_FRAGMENTS = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "apikey",
  "authorization",
  "credential",
  "cookie",
  "privatekey",
  "signature",
] as const;

/**
 * Whether a key (an object key or a header name) names a secret. Case-insensitive; `-`, `_`, spaces and
 * camelCase all separate words. `token` must be a word of its own or end one (`access_token`, `X-Auth-Token`,
 * `authToken`), so usage counters such as `max_tokens` or `prompt_tokens` stay visible.
 * @example isSecretKey("X-Api-Key") // true; isSecretKey("max_tokens") // false
 */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
  const joined = words.join("");
  if (SECRET_FRAGMENTS.some((fragment) => joined.includes(fragment))) return true;
  return words.some((word) => word.endsWith("token"));
}

/** Distinct usable secret values, longest first, so a secret containing another is replaced whole. */
function normaliseSecrets(values: readonly string[] | undefined): string[] {
  if (!values) return [];
  const usable = new Set(
    values.filter((value) => typeof value === "string" && value.length >= MIN_SECRET_VALUE_LENGTH),
  );
  return [...usable].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of each secret value in `text`.
 * @example redactText("key=abcd1234", ["abcd1234"]) // "key=[redacted]"
 */
export function redactText(text: string, secretValues: readonly string[] | undefined): string {
  return replaceSecrets(text, normaliseSecrets(secretValues));
}

function replaceSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * Hides the values of secret-looking query parameters in an absolute http(s) URL (`?api_key=…`, `&token=…`).
 * Anything that is not such a URL is returned unchanged.
 * @example redactUrl("https://x.test/a?token=t1&page=2") // "https://x.test/a?token=%5Bredacted%5D&page=2"
 */
export function redactUrl(text: string): string {
  if (!/^https?:\/\/[^?#]*\?/i.test(text) || !URL.canParse(text)) return text;
  const url = new URL(text);
  let changed = false;
  for (const name of new Set(url.searchParams.keys())) {
    if (isSecretKey(name)) {
      url.searchParams.set(name, REDACTED);
      changed = true;
    }
  }
  return changed ? url.href : text;
}

interface Walk {
  secrets: readonly string[];
  maxDepth: number;
  maxStringLength: number;
  /** Values still allowed. */
  budget: number;
  /** Objects on the path from the root: meeting one again is a cycle (shared, non-cyclic values are fine). */
  path: Set<object>;
}

function redactString(text: string, walk: Walk): string {
  const clean = redactUrl(replaceSecrets(text, walk.secrets));
  if (clean.length <= walk.maxStringLength) return clean;
  return `${clean.slice(0, walk.maxStringLength)}…[truncated ${clean.length - walk.maxStringLength} characters]`;
}

/** A header list written as `[name, value]` pairs: the name decides whether the value is secret. */
function isSecretPair(value: unknown[]): boolean {
  return value.length === 2 && typeof value[0] === "string" && isSecretKey(value[0]);
}

/** Objects that are not plain data, as plain data (or `undefined` to drop, as JSON would). */
function plainView(
  value: object,
): { kind: "entries"; entries: [string, unknown][] } | { kind: "leaf"; value: unknown } {
  if (value instanceof Date) return { kind: "leaf", value: Number.isNaN(value.getTime()) ? null : value.toISOString() };
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    return { kind: "leaf", value: `[binary ${value.byteLength} bytes]` };
  }
  if (value instanceof Error)
    return {
      kind: "entries",
      entries: [
        ["name", value.name],
        ["message", value.message],
      ],
    };
  if (value instanceof Map) return { kind: "entries", entries: [...value].map(([k, v]) => [String(k), v]) };
  if (typeof Headers !== "undefined" && value instanceof Headers) return { kind: "entries", entries: [...value] };
  return { kind: "entries", entries: Object.entries(value) };
}

function copy(value: unknown, key: string | undefined, depth: number, walk: Walk): unknown {
  if (key !== undefined && isSecretKey(key) && value !== undefined && value !== null) return REDACTED;
  if (walk.budget <= 0) return "[truncated]";
  walk.budget -= 1;
  if (typeof value === "string") return redactString(value, walk);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean" || value === undefined || value === null) return value;
  // Functions and symbols have no JSON form: dropped, as JSON.stringify would.
  if (typeof value !== "object") return undefined;
  if (walk.path.has(value)) return "[circular]";
  if (depth >= walk.maxDepth) return "[truncated: nested too deep]";
  walk.path.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) {
      const items = [...value];
      if (Array.isArray(value) && isSecretPair(items)) return [copy(items[0], undefined, depth + 1, walk), REDACTED];
      return items.map((item) => copy(item, undefined, depth + 1, walk) ?? null);
    }
    const view = plainView(value);
    if (view.kind === "leaf") return view.value;
    const out: Record<string, unknown> = {};
    for (const [name, inner] of view.entries) {
      const copied = copy(inner, name, depth + 1, walk);
      if (copied !== undefined) out[replaceSecrets(name, walk.secrets)] = copied;
    }
    return out;
  } finally {
    walk.path.delete(value);
  }
}

/**
 * A deep, JSON-safe copy of `value` with secrets hidden: values under secret-looking keys (see
 * {@link isSecretKey}; header maps and `[name, value]` header pairs too) become "[redacted]", every occurrence of a
 * `secretValues` string is replaced inside strings and keys, and secret query parameters in URLs are hidden.
 * Cycles become "[circular]"; past `maxDepth`, `maxNodes` or `maxStringLength` the rest is cut with a marker.
 * Functions and symbols are dropped, dates become ISO strings, bytes a size note.
 * @example redactSnapshot({ headers: { Authorization: "Bearer abc" }, note: "key abcd1234" }, { secretValues: ["abcd1234"] })
 * // { headers: { Authorization: "[redacted]" }, note: "key [redacted]" }
 */
export function redactSnapshot(value: unknown, options: RedactOptions = {}): unknown {
  const walk: Walk = {
    secrets: normaliseSecrets(options.secretValues),
    maxDepth: options.maxDepth ?? DEFAULTS.maxDepth,
    maxStringLength: options.maxStringLength ?? DEFAULTS.maxStringLength,
    budget: options.maxNodes ?? DEFAULTS.maxNodes,
    path: new Set(),
  };
  return copy(value, undefined, 0, walk);
}
