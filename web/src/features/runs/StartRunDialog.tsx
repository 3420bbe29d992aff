/**
 * The Start-run dialog: pick a published workflow, fill in the form generated from its latest version's input
 * schema, start it, and land on the new run's page. The server's validation issues show beside their fields.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import type { WorkflowSummary } from "../../../../worker/contracts/workflows";
import { ApiError, api, unwrap } from "../../lib/api";
import { Button, ErrorNotice, SelectField } from "../../ui";
import { InputFields, TextAreaField } from "./InputFields";
import { buildInput, buildRawInput, deriveInputForm, initialValues, inputIssues } from "./input-form";
import { runKeys, useWorkflowVersion } from "./run-queries";
import { startableWorkflows } from "./runs-query";

/** A modal dialog, open while mounted; `onClose` on Cancel, Escape, and never after a start (it navigates away). */
export function StartRunDialog({
  workflows,
  initialWorkflowId,
  onClose,
}: {
  workflows: readonly WorkflowSummary[];
  /** Preselected when it can be started (the list's workflow filter). */
  initialWorkflowId: string;
  onClose: () => void;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const startable = startableWorkflows(workflows);
  const [workflowId, setWorkflowId] = useState(() =>
    startable.some((workflow) => workflow.id === initialWorkflowId) ? initialWorkflowId : "",
  );
  const workflow = startable.find((candidate) => candidate.id === workflowId);
  const version = useWorkflowVersion(workflow?.id, workflow?.latest_version);

  // showModal() (not the `open` attribute) makes the rest of the page inert and handles Escape and focus.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog ref={ref} className="run-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Start a run</h2>
      {startable.length === 0 ? (
        <p className="muted">No workflow has a published version yet. Publish one first.</p>
      ) : (
        <SelectField label="Workflow" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)}>
          <option value="">Choose a workflow…</option>
          {startable.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name} (v{candidate.latest_version})
            </option>
          ))}
        </SelectField>
      )}
      {workflow && version.isPending && <p className="muted">Loading the input form…</p>}
      {version.error && <ErrorNotice error={version.error} title="Couldn't load this workflow's input form" />}
      {workflow && version.data ? (
        <StartRunForm
          key={`${workflow.id}@${version.data.version}`}
          workflowId={workflow.id}
          version={version.data.version}
          inputSchema={version.data.graph.input_schema}
          onCancel={onClose}
        />
      ) : (
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
        </div>
      )}
    </dialog>
  );
}

function StartRunForm({
  workflowId,
  version,
  inputSchema,
  onCancel,
}: {
  workflowId: string;
  version: number;
  inputSchema: unknown;
  onCancel: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useMemo(() => deriveInputForm(inputSchema), [inputSchema]);
  const fields = form.kind === "fields" ? form.fields : [];
  const [values, setValues] = useState(() => initialValues(fields));
  const [raw, setRaw] = useState("{}");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  // One key per filled-in form: a double click or a retried request starts one run, not two.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const start = useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      unwrap(
        api.api.v1.workflows[":id"].runs.$post({
          param: { id: workflowId },
          header: { "idempotency-key": idempotencyKey },
          json: { input, version },
        }),
      ),
    onSuccess: (started) => {
      void queryClient.invalidateQueries({ queryKey: runKeys.lists });
      navigate(`/runs/${started.run_id}`);
    },
  });

  const issues = inputIssues(
    start.error instanceof ApiError ? start.error.details : undefined,
    fields.map((field) => field.name),
  );
  const errors = { ...issues.byField, ...localErrors };
  const isValidation = start.error instanceof ApiError && start.error.code === "validation_failed";

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const built = form.kind === "fields" ? buildInput(fields, values) : buildRawInput(raw);
    if (!built.ok) {
      setLocalErrors(built.errors);
      return;
    }
    setLocalErrors({});
    start.mutate(built.input);
  }

  return (
    <form onSubmit={onSubmit}>
      <h3>Input</h3>
      {form.kind === "fields" ? (
        fields.length === 0 ? (
          <p className="muted small">This workflow takes no input.</p>
        ) : (
          <InputFields
            fields={fields}
            values={values}
            errors={errors}
            onChange={(name, value) => setValues((current) => ({ ...current, [name]: value }))}
          />
        )
      ) : (
        <TextAreaField
          label="Input (JSON)"
          hint={form.reason}
          value={raw}
          rows={6}
          error={errors[""] ?? (issues.other.length > 0 ? issues.other.join(" ") : undefined)}
          onChange={(e) => setRaw(e.target.value)}
        />
      )}
      {form.kind === "fields" && issues.other.length > 0 && (
        <div role="alert" className="field-error">
          {issues.other.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      {start.error && !isValidation && <ErrorNotice error={start.error} title="Couldn't start the run" />}
      {isValidation && (
        <p role="alert" className="field-error">
          The input doesn't match the workflow's input schema. Check the highlighted fields.
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={start.isPending}>
          {start.isPending ? "Starting…" : "Start run"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
