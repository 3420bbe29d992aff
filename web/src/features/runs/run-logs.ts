/**
 * The run's structured logs (`GET /runs/:id/logs`): the level and domain filters the panel offers, the query they
 * make, and how each level reads.
 */
import type { Tone } from "../../ui/Badge";

/** Levels, most severe last (the API's `level` filter). */
export const LOG_LEVELS = ["ok", "warn", "error"] as const;
/** One of `LOG_LEVELS`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where a line comes from (the API's `domain` filter). */
export const LOG_DOMAINS = ["preflight", "step", "delivery", "approval", "policy", "system"] as const;
/** One of `LOG_DOMAINS`. */
export type LogDomain = (typeof LOG_DOMAINS)[number];

/** Lines per page ("Load more" asks for the next). */
export const LOGS_PAGE_SIZE = 50;

/** The panel's filters. */
export interface LogFilters {
  /** Empty: every level. */
  level: LogLevel | "";
  /** Empty: every domain. */
  domain: LogDomain | "";
}

/** Every line. */
export const NO_LOG_FILTERS: LogFilters = { level: "", domain: "" };

/** The `GET /runs/:id/logs` query (strings, the way the typed client sends them). */
export interface LogsQueryParams {
  level?: LogLevel;
  domain?: LogDomain;
  cursor?: string;
  limit: string;
}

/**
 * @example logsQuery({ level: "error", domain: "" }, "42") // { level: "error", cursor: "42", limit: "50" }
 */
export function logsQuery(filters: LogFilters, cursor?: string): LogsQueryParams {
  const query: LogsQueryParams = { limit: String(LOGS_PAGE_SIZE) };
  if (filters.level) query.level = filters.level;
  if (filters.domain) query.domain = filters.domain;
  if (cursor) query.cursor = cursor;
  return query;
}

/** A select's value as a level; anything else means "every level". */
export function parseLogLevel(value: string): LogFilters["level"] {
  return LOG_LEVELS.find((level) => level === value) ?? "";
}

/** A select's value as a domain; anything else means "every domain". */
export function parseLogDomain(value: string): LogFilters["domain"] {
  return LOG_DOMAINS.find((domain) => domain === value) ?? "";
}

const LEVEL_LOOK: Readonly<Record<LogLevel, { label: string; tone: Tone }>> = {
  ok: { label: "OK", tone: "ok" },
  warn: { label: "Warning", tone: "warn" },
  error: { label: "Error", tone: "error" },
};

/**
 * Label and badge tone of a line's level; a level this client doesn't know (a newer server) reads as itself.
 * @example logLevelLook("warn") // { label: "Warning", tone: "warn" }
 */
export function logLevelLook(level: string): { label: string; tone: Tone } {
  const known = LOG_LEVELS.find((candidate) => candidate === level);
  return known ? LEVEL_LOOK[known] : { label: level, tone: "neutral" };
}
