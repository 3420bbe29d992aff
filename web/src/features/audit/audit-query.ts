/**
 * The audit page's filters: kept in the address (so a filtered view can be shared and Back works)
 * and turned into the `GET /audit` query, with `from`/`to` typed as local time and sent as UTC.
 */
import { localInputToIso } from "../../lib/format";

/** The filter form's values; `from`/`to` are `datetime-local` values in the viewer's time zone. */
export interface AuditFilters {
  action: string;
  actor: string;
  target_type: string;
  target_id: string;
  from: string;
  to: string;
}

export const FILTER_KEYS = [
  "action",
  "actor",
  "target_type",
  "target_id",
  "from",
  "to",
] as const satisfies readonly (keyof AuditFilters)[];

export const NO_FILTERS: AuditFilters = { action: "", actor: "", target_type: "", target_id: "", from: "", to: "" };

/** Events per page. */
export const AUDIT_PAGE_SIZE = 50;

/** The filters in the address bar's search params (missing ones empty). */
export function filtersFromParams(params: URLSearchParams): AuditFilters {
  const filters = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = params.get(key)?.trim() ?? "";
  return filters;
}

/** Search params for the filters, leaving out the empty ones. */
export function filtersToParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** The `GET /api/v1/audit` query for the filters and an optional page cursor. */
export interface AuditQueryParams {
  action?: string;
  actor?: string;
  target_type?: string;
  target_id?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: string;
}

/**
 * @example auditQuery({ ...NO_FILTERS, action: " auth.login_succeeded " }) // { action: "auth.login_succeeded", limit: "50" }
 */
export function auditQuery(filters: AuditFilters, cursor?: string): AuditQueryParams {
  const query: AuditQueryParams = { limit: String(AUDIT_PAGE_SIZE) };
  for (const key of ["action", "actor", "target_type", "target_id"] as const) {
    const value = filters[key].trim();
    if (value) query[key] = value;
  }
  const from = localInputToIso(filters.from);
  const to = localInputToIso(filters.to);
  if (from) query.from = from;
  if (to) query.to = to;
  if (cursor) query.cursor = cursor;
  return query;
}
