/**
 * Resuming a run preflight held back (`needs_review`): optionally with a corrected input (a JSON editor starting
 * from the run's input) and on the workflow's latest version. The server runs preflight again; a run that still
 * has blocking issues stays in review and says why.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { RunDetail } from "../../../../worker/contracts/runs";
import { api, unwrap } from "../../lib/api";
import { Button, Card, ErrorNotice, Notice } from "../../ui";
import { CheckboxField, TextAreaField } from "./InputFields";
import { conflictStatus, parseOptionalInput } from "./run-actions";
import { refreshRun } from "./run-queries";

/** Shown to people who may control runs, while the run is in `needs_review`. */
export function ReviewResume({ run }: { run: Pick<RunDetail, "id" | "input"> }) {
  const queryClient = useQueryClient();
  const initial = JSON.stringify(run.input ?? {}, null, 2);
  const [text, setText] = useState(initial);
  const [latest, setLatest] = useState(false);
  const [inputError, setInputError] = useState<string | undefined>();

  const resume = useMutation({
    mutationFn: (body: { input?: Record<string, unknown>; version?: "latest" }) =>
      unwrap(api.api.v1.runs[":id"].resume.$post({ param: { id: run.id }, json: body })),
    onSettled: () => refreshRun(queryClient, run.id),
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    // An untouched editor sends no input: the run keeps the one it has.
    const parsed = parseOptionalInput(text === initial ? "" : text);
    if (!parsed.ok) {
      setInputError(parsed.error);
      return;
    }
    setInputError(undefined);
    resume.mutate({
      ...(parsed.input ? { input: parsed.input } : {}),
      ...(latest ? { version: "latest" as const } : {}),
    });
  }

  const stillInReview = resume.data?.status === "needs_review";
  const now = conflictStatus(resume.error);
  return (
    <Card title="Fix and resume">
      <form className="run-review" onSubmit={onSubmit}>
        <p className="muted small">
          Correct the input or pick up a fixed version of the workflow; preflight checks the run again before it
          continues.
        </p>
        <TextAreaField
          className="json-input"
          label="Run input (JSON)"
          rows={6}
          value={text}
          error={inputError}
          hint="Leave it as it is to keep the run's input."
          onChange={(e) => setText(e.target.value)}
        />
        <CheckboxField label="Resume on the latest published version" checked={latest} onChange={setLatest} />
        {stillInReview && !resume.isPending && (
          <Notice tone="warn">Preflight still finds blocking issues: the run stays in review.</Notice>
        )}
        {resume.error && (
          <ErrorNotice
            error={resume.error}
            title={now ? `Couldn't resume the run (it is now ${now})` : "Couldn't resume the run"}
          />
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={resume.isPending}>
            {resume.isPending ? "Resuming…" : "Resume run"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
