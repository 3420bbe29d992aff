/**
 * Why a run stopped and what to do about it: for a failed run the human error up front and the technical one on
 * demand; for a run preflight held back (`needs_review`) or warned about, the issues found; and the recommended
 * next actions.
 */
import type { RunDetail } from "../../../../worker/contracts/runs";
import { Badge } from "../../ui";
import { preflightHeadline, preflightIssues } from "./preflight-issues";

/** Renders nothing for a run without problems. */
export function RunProblems({ run }: { run: RunDetail }) {
  const headline = preflightHeadline(run.preflight_summary);
  const showActions = (run.status === "failed" || run.status === "needs_review") && run.recommended_actions.length > 0;
  return (
    <>
      {run.status === "failed" && (
        <div role="alert" className="error-notice run-failure">
          <strong>{run.last_error_human ?? "The run failed."}</strong>
          {run.last_error_tech && <TechnicalDetails text={run.last_error_tech} />}
        </div>
      )}
      {headline && (
        <section className={`notice ${run.status === "needs_review" ? "notice-warn" : ""}`} aria-label="Preflight">
          <strong>{run.status === "needs_review" ? `Needs review: ${headline}` : headline}</strong>
          <ul className="preflight-issues">
            {preflightIssues(run.preflight_summary).map((issue) => (
              <li key={`${issue.code}:${issue.node_id ?? ""}:${issue.message_human}`}>
                <Badge tone={issue.severity === "blocking" ? "error" : "warn"}>{issue.severity}</Badge>{" "}
                {issue.message_human}
                {issue.node_id && (
                  <span className="muted small">
                    {" "}
                    (step <code>{issue.node_id}</code>)
                  </span>
                )}
                {issue.message_tech && <TechnicalDetails text={issue.message_tech} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      {showActions && (
        <section aria-labelledby={`actions-${run.id}`}>
          <h3 id={`actions-${run.id}`}>What you can do</h3>
          <ul className="recommended-actions">
            {run.recommended_actions.map((action) => (
              <li key={`${action.action}:${action.target_node_id ?? ""}:${action.label}`}>
                <strong>{action.label}</strong>
                {action.target_node_id && (
                  <>
                    {" "}
                    (step <code>{action.target_node_id}</code>)
                  </>
                )}
                <div className="small">{action.description}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function TechnicalDetails({ text }: { text: string }) {
  return (
    <details>
      <summary>Technical details</summary>
      <pre className="run-json">{text}</pre>
    </details>
  );
}
