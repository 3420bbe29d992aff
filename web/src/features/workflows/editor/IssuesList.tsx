/** The problems under the canvas, from live validation; clicking one selects the step or connection it is about. */
import type { GraphIssue } from "../../../../../worker/contracts/workflow";
import { type IssueTarget, issueTarget, problemCount } from "./issues";

/** The problems list; `onPick` gets what the clicked issue is about. */
export function IssuesList({
  issues,
  nodeIds,
  onPick,
}: {
  issues: readonly GraphIssue[];
  nodeIds: readonly string[];
  onPick: (target: IssueTarget) => void;
}) {
  return (
    <section className="wf-issues" aria-label="Problems">
      <h2 className="wf-panel-title">
        Problems{" "}
        <span className={`badge badge-${issues.length > 0 ? "error" : "ok"}`}>{problemCount(issues.length)}</span>
      </h2>
      {issues.length === 0 ? (
        <p className="muted small">Nothing to fix: this draft can be published.</p>
      ) : (
        <ul>
          {issues.map((issue, index) => {
            const target = issueTarget(issue, nodeIds);
            return (
              // Issues have no id; the list is recomputed as a whole.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={index}>
                <button type="button" className="wf-issue" onClick={() => onPick(target)}>
                  <code className="small">{issue.code}</code> {issue.message}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
