/**
 * Settings › Usage: runs, LLM calls, tokens, cost and tool calls for the last 7, 30 or 90 days, by model, by tool
 * and by day (plain bar lists, no chart library). The period lives in the URL (`?days=7`) so a view can be shared.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useSearchParams } from "react-router";
import type { UsageReport } from "../../../../../worker/contracts/usage";
import { api, unwrap } from "../../../lib/api";
import { Button, Card, QueryState } from "../../../ui";
import {
  barPercent,
  fillDays,
  formatCount,
  formatUsd,
  PERIODS,
  type PeriodDays,
  parsePeriod,
  periodRange,
} from "./usage-view";
import "./usage.css";

export function UsageSettings() {
  const [params, setParams] = useSearchParams();
  const days = parsePeriod(params.get("days"));
  // The window is fixed when the period is picked, so refetches ask for the same one.
  const range = useMemo(() => periodRange(days, Date.now()), [days]);
  const usage = useQuery({
    queryKey: ["usage", days, range.to],
    queryFn: () => unwrap(api.api.v1.usage.$get({ query: { from: String(range.from), to: String(range.to) } })),
  });
  const pick = (next: PeriodDays) => setParams(next === 30 ? {} : { days: String(next) }, { replace: true });

  return (
    <>
      <Card
        title="Usage and cost"
        actions={
          // biome-ignore lint/a11y/useSemanticElements: a toolbar of toggle buttons, not a form field group.
          <div role="group" aria-label="Period" className="usage-periods">
            {PERIODS.map((p) => (
              <Button
                key={p}
                variant={p === days ? "primary" : "secondary"}
                aria-pressed={p === days}
                onClick={() => pick(p)}
              >
                {p} days
              </Button>
            ))}
          </div>
        }
      >
        <QueryState query={usage} errorTitle="Couldn't load usage" />
        {usage.data && <Totals totals={usage.data.totals} />}
      </Card>
      {usage.data && <Breakdowns report={usage.data} />}
    </>
  );
}

function Totals({ totals }: { totals: UsageReport["totals"] }) {
  const facts: [string, string][] = [
    ["Runs", formatCount(totals.runs)],
    ["LLM calls", formatCount(totals.llm_calls)],
    ["Tokens in", formatCount(totals.tokens_in)],
    ["Tokens out", formatCount(totals.tokens_out)],
    ["Cost", formatUsd(totals.cost_usd)],
    ["Tool calls", formatCount(totals.tool_calls)],
  ];
  return (
    <dl className="facts" aria-label="Totals">
      {facts.map(([term, value]) => (
        <div key={term} className="fact">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Breakdowns({ report }: { report: UsageReport }) {
  const maxToolCalls = Math.max(0, ...report.by_tool.map((t) => t.calls));
  const daysFilled = fillDays(report.by_day, report.from, report.to);
  const maxDayRuns = Math.max(0, ...daysFilled.map((d) => d.runs));
  return (
    <>
      <Card title="By model">
        {report.by_model.length === 0 ? (
          <p className="muted">No LLM calls in this period.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Usage by model">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Calls</th>
                  <th scope="col">Tokens in</th>
                  <th scope="col">Tokens out</th>
                  <th scope="col">Cost</th>
                </tr>
              </thead>
              <tbody>
                {report.by_model.map((m) => (
                  <tr key={m.model}>
                    <td>
                      <code>{m.model}</code>
                    </td>
                    <td>{formatCount(m.calls)}</td>
                    <td>{formatCount(m.tokens_in)}</td>
                    <td>{formatCount(m.tokens_out)}</td>
                    <td>{formatUsd(m.cost_usd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="By tool">
        {report.by_tool.length === 0 ? (
          <p className="muted">No tool calls in this period.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Usage by tool">
              <thead>
                <tr>
                  <th scope="col">Tool</th>
                  <th scope="col">Calls</th>
                </tr>
              </thead>
              <tbody>
                {report.by_tool.map((t) => (
                  <tr key={t.tool_key}>
                    <td>
                      <code>{t.tool_key}</code>
                    </td>
                    <td>
                      <Bar percent={barPercent(t.calls, maxToolCalls)} text={formatCount(t.calls)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="By day">
        <div className="table-wrap">
          <table aria-label="Usage by day">
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Runs</th>
                <th scope="col">Tool calls</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {daysFilled.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td>
                    <Bar percent={barPercent(d.runs, maxDayRuns)} text={formatCount(d.runs)} />
                  </td>
                  <td>{formatCount(d.tool_calls)}</td>
                  <td>{formatUsd(d.cost_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

/** A number with a bar behind it; the bar is decoration (the number says it all), so hidden from assistive tech. */
function Bar({ percent, text }: { percent: number; text: string }) {
  return (
    <div className="usage-bar">
      <span className="usage-bar-fill" style={{ width: `${percent}%` }} aria-hidden="true" />
      <span className="usage-bar-text">{text}</span>
    </div>
  );
}
