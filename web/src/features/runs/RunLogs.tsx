/**
 * The run's structured logs, oldest first: filter by level and domain, "Load more" by cursor.
 * The live socket refreshes these queries when new events arrive (see `useRunEvents`).
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { Badge, Button, QueryState, SelectField } from "../../ui";
import {
  LOG_DOMAINS,
  LOG_LEVELS,
  type LogFilters,
  logLevelLook,
  logsQuery,
  NO_LOG_FILTERS,
  parseLogDomain,
  parseLogLevel,
} from "./run-logs";
import { runKeys } from "./run-queries";

/** The logs panel of run `runId`. */
export function RunLogs({ runId }: { runId: string }) {
  const [filters, setFilters] = useState<LogFilters>(NO_LOG_FILTERS);
  const logs = useInfiniteQuery({
    queryKey: runKeys.logsFiltered(runId, filters),
    queryFn: ({ pageParam }) =>
      unwrap(api.api.v1.runs[":id"].logs.$get({ param: { id: runId }, query: logsQuery(filters, pageParam) })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const lines = logs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <div className="run-log-filters">
        <SelectField
          label="Level"
          value={filters.level}
          onChange={(e) => setFilters({ ...filters, level: parseLogLevel(e.target.value) })}
        >
          <option value="">All levels</option>
          {LOG_LEVELS.map((level) => (
            <option key={level} value={level}>
              {logLevelLook(level).label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Domain"
          value={filters.domain}
          onChange={(e) => setFilters({ ...filters, domain: parseLogDomain(e.target.value) })}
        >
          <option value="">All domains</option>
          {LOG_DOMAINS.map((domain) => (
            <option key={domain} value={domain}>
              {domain}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryState query={logs} errorTitle="Couldn't load the logs" />
      {logs.data && lines.length === 0 && <p className="muted">No log lines match these filters.</p>}
      {lines.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Logs" className="run-logs">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Level</th>
                <th scope="col">Domain</th>
                <th scope="col">Message</th>
                <th scope="col">Step</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => {
                const look = logLevelLook(line.level);
                return (
                  <tr key={line.id}>
                    <td className="small">
                      <time dateTime={line.timestamp}>{formatDateTime(line.timestamp)}</time>
                    </td>
                    <td>
                      <Badge tone={look.tone}>{look.label}</Badge>
                    </td>
                    <td className="small">{line.domain}</td>
                    <td>
                      {line.message_human}
                      {line.details_tech && (
                        <details>
                          <summary className="small">Technical details</summary>
                          <pre className="run-json">{line.details_tech}</pre>
                        </details>
                      )}
                    </td>
                    <td>{line.step_id ? <code className="small">{line.step_id}</code> : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {logs.hasNextPage && (
        <div className="form-actions">
          <Button onClick={() => logs.fetchNextPage()} disabled={logs.isFetchingNextPage}>
            {logs.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
    </>
  );
}
