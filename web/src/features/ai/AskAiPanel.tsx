/**
 * "Ask AI" on a failed run: a diagnosis (summary, hypotheses with evidence, suggested actions), then "Plan a fix"
 * (goal prefilled from the diagnosis) → a proposed plan of runbook jobs that does nothing until someone approves
 * it; Approve starts exactly those jobs and links them. Without an LLM set up, it links to the settings.
 */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { useCan } from "../../lib/auth";
import { Badge, Button, Card, ErrorNotice, Notice } from "../../ui";
import { TextAreaField } from "../runs/InputFields";
import {
  type ApprovalView,
  approvePlan,
  type DiagnosisView,
  diagnoseRun,
  type PlanView,
  proposePlan,
  rejectPlan,
} from "./ai-api";
import { AI_SETTINGS_PATH, isNotConfigured, jobPath, likelihoodTone, planGoalFrom, startFailures } from "./ai-view";

/** Shows an AI error; the not-configured one links to where an owner fixes it. */
function AiError({ error, title }: { error: unknown; title: string }) {
  if (isNotConfigured(error)) {
    return (
      <Notice tone="warn" title="AI is not set up">
        {error instanceof Error ? error.message : ""} <Link to={AI_SETTINGS_PATH}>Open Settings → Organization</Link>
      </Notice>
    );
  }
  return <ErrorNotice error={error} title={title} />;
}

/** The panel for run `runId` (render it only for a failed run). */
export function AskAiPanel({ runId }: { runId: string }) {
  const canUse = useCan("ai:use");
  const diagnose = useMutation({ mutationFn: () => diagnoseRun(runId) });
  if (!canUse) return null;
  return (
    <Card
      title="Ask AI"
      actions={
        <Button variant="primary" onClick={() => diagnose.mutate()} disabled={diagnose.isPending}>
          {diagnose.isPending ? "Asking…" : diagnose.data ? "Ask again" : "Ask AI"}
        </Button>
      }
    >
      {!diagnose.data && !diagnose.error && (
        <p className="muted small">Get hypotheses and next steps for this failure from your organization's LLM.</p>
      )}
      {diagnose.error && <AiError error={diagnose.error} title="Couldn't diagnose this run" />}
      {diagnose.data && <DiagnosisBody key={diagnose.data.diagnosis_id} diagnosis={diagnose.data} runId={runId} />}
    </Card>
  );
}

function DiagnosisBody({ diagnosis, runId }: { diagnosis: DiagnosisView; runId: string }) {
  return (
    <div data-testid="ai-diagnosis">
      <h3>Diagnosis</h3>
      <p>{diagnosis.summary}</p>
      {diagnosis.hypotheses.length > 0 && (
        <>
          <h4>Hypotheses</h4>
          <ul>
            {diagnosis.hypotheses.map((h) => (
              <li key={h.title}>
                <Badge tone={likelihoodTone(h.likelihood)}>{h.likelihood}</Badge> <strong>{h.title}</strong>
                {h.evidence.length > 0 && (
                  <ul className="small">
                    {h.evidence.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {diagnosis.suggested_actions.length > 0 && (
        <>
          <h4>Suggested actions</h4>
          <ul>
            {diagnosis.suggested_actions.map((a) => (
              <li key={`${a.kind}:${a.description}`}>
                {a.description}
                {a.runbook && (
                  <span className="muted small">
                    {" "}
                    (runbook <code>{a.runbook.name}</code>)
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {diagnosis.similar_failures.length > 0 && (
        <p className="muted small">
          {diagnosis.similar_failures.length} similar earlier failure(s) of this workflow were considered.
        </p>
      )}
      {diagnosis.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
      <PlanFix runId={runId} initialGoal={planGoalFrom(diagnosis)} />
    </div>
  );
}

function PlanFix({ runId, initialGoal }: { runId: string; initialGoal: string }) {
  const [open, setOpen] = useState(false);
  const [goal, setGoal] = useState(initialGoal);
  const plan = useMutation({ mutationFn: () => proposePlan(goal.trim(), runId) });
  if (!open) {
    return (
      <div className="form-actions">
        <Button onClick={() => setOpen(true)}>Plan a fix</Button>
      </div>
    );
  }
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (goal.trim()) plan.mutate();
  }
  return (
    <>
      <form onSubmit={onSubmit}>
        <TextAreaField label="Goal" value={goal} onChange={(e) => setGoal(e.target.value)} required />
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={plan.isPending || !goal.trim()}>
            {plan.isPending ? "Planning…" : "Propose a plan"}
          </Button>
        </div>
      </form>
      {plan.error && <AiError error={plan.error} title="Couldn't plan a fix" />}
      {plan.data && <PlanReview key={plan.data.plan_id} plan={plan.data} />}
    </>
  );
}

function PlanReview({ plan }: { plan: PlanView }) {
  const canApprove = useCan("ai:approve");
  const approve = useMutation({ mutationFn: () => approvePlan(plan.plan_id) });
  const reject = useMutation({ mutationFn: () => rejectPlan(plan.plan_id) });
  const decided = approve.data?.plan.status ?? reject.data?.status ?? plan.status;
  return (
    <div data-testid="ai-plan">
      <h3>Proposed plan</h3>
      <Notice>Nothing runs until the plan is approved; approval starts exactly these jobs.</Notice>
      {plan.steps.length === 0 ? (
        <p className="muted">The model found no runbook that fits this goal.</p>
      ) : (
        <ol>
          {plan.steps.map((step) => (
            <li key={`${step.runbook}:${JSON.stringify(step.inputs)}`}>
              <strong>{step.runbook}</strong> — {step.reason}
              <pre className="small">{JSON.stringify(step.inputs, null, 2)}</pre>
            </li>
          ))}
        </ol>
      )}
      {plan.rejected.length > 0 && (
        <>
          <h4>Left out</h4>
          <ul className="small">
            {plan.rejected.map((r) => (
              <li key={`${r.runbook}:${r.reason}`}>
                <code>{r.runbook}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {decided === "proposed" && canApprove && plan.steps.length > 0 && (
        <div className="form-actions">
          <Button variant="primary" onClick={() => approve.mutate()} disabled={approve.isPending || reject.isPending}>
            {approve.isPending ? "Approving…" : "Approve"}
          </Button>
          <Button variant="danger" onClick={() => reject.mutate()} disabled={approve.isPending || reject.isPending}>
            Reject
          </Button>
        </div>
      )}
      {decided === "proposed" && !canApprove && <p className="muted small">Your role can't approve plans.</p>}
      {approve.error && <ErrorNotice error={approve.error} title="Couldn't approve the plan" />}
      {reject.error && <ErrorNotice error={reject.error} title="Couldn't reject the plan" />}
      {reject.data && <Notice>Plan rejected; nothing ran.</Notice>}
      {approve.data && <StartedJobs result={approve.data} />}
    </div>
  );
}

function StartedJobs({ result }: { result: ApprovalView }) {
  const failures = startFailures(result.plan);
  return (
    <>
      <Notice tone="ok" title="Approved">
        {result.jobs.length} job(s) started.
      </Notice>
      <ul data-testid="ai-started-jobs">
        {result.jobs.map((job) => (
          <li key={job.job_id}>
            <Link to={jobPath(job.job_id)}>
              {job.runbook} — job {job.job_id}
            </Link>
          </li>
        ))}
      </ul>
      {failures.length > 0 && (
        <Notice tone="warn" title="Some steps could not start">
          <ul>
            {failures.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Notice>
      )}
    </>
  );
}
