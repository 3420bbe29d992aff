/**
 * Structured JSON logging. One line per event, with secret-looking keys redacted so a token or a
 * password can never reach a log line by accident.
 */

import { isSecretKey } from "../engine/redact";

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Replaces values under secret-looking keys with "[redacted]", recursively. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? "[redacted]" : redact(inner, depth + 1);
  }
  return out;
}

/**
 * Writes one JSON log line.
 * @example log("info", "request", { method: "GET", path: "/api/v1/health", status: 200 });
 */
export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...(redact(fields) as object) });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** Serialisable summary of a thrown value for logs (stack included: logs are private). */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
