/**
 * "Rerun from this step" in a finished run's step panel: a new run that reuses the outputs of the steps before
 * this one and runs it and everything after it, optionally with a new input. Lands on the new run.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../lib/api";
import { Button, ErrorNotice } from "../../ui";
import { TextAreaField } from "./InputFields";
import { conflictStatus, parseOptionalInput } from "./run-actions";
import { runKeys } from "./run-queries";

/** A button that opens the rerun form for step `nodeId` of run `runId`. */
export function RerunFromStep({ runId, nodeId, stepName }: { runId: string; nodeId: string; stepName: string }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div className="form-actions">
        <Button onClick={() => setOpen(true)}>Rerun from this step</Button>
      </div>
    );
  }
  return <RerunForm runId={runId} nodeId={nodeId} stepName={stepName} onCancel={() => setOpen(false)} />;
}

function RerunForm({
  runId,
  nodeId,
  stepName,
  onCancel,
}: {
  runId: string;
  nodeId: string;
  stepName: string;
  onCancel: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [inputError, setInputError] = useState<string | undefined>();

  const rerun = useMutation({
    mutationFn: (input: Record<string, unknown> | undefined) =>
      unwrap(
        api.api.v1.runs[":id"].rerun.$post({
          param: { id: runId },
          json: { from_step: nodeId, ...(input ? { input } : {}) },
        }),
      ),
    onSuccess: (started) => {
      void queryClient.invalidateQueries({ queryKey: runKeys.lists });
      navigate(`/runs/${started.run_id}`);
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseOptionalInput(text);
    if (!parsed.ok) {
      setInputError(parsed.error);
      return;
    }
    setInputError(undefined);
    rerun.mutate(parsed.input);
  }

  const now = conflictStatus(rerun.error);
  return (
    <form className="rerun-form" onSubmit={onSubmit} aria-label={`Rerun from ${stepName}`}>
      <h4>Rerun from “{stepName}”</h4>
      <p className="muted small">
        Steps before this one keep their outputs (they aren't run again); this step and everything after it run anew.
      </p>
      <TextAreaField
        className="json-input"
        label="New input (JSON, optional)"
        rows={4}
        value={text}
        placeholder='{ "key": "value" }'
        error={inputError}
        hint="Leave empty to use the run's input."
        onChange={(e) => setText(e.target.value)}
      />
      {rerun.error && (
        <ErrorNotice error={rerun.error} title={now ? `Couldn't rerun (the run is now ${now})` : "Couldn't rerun"} />
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={rerun.isPending}>
          {rerun.isPending ? "Starting…" : "Rerun"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
