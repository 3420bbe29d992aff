/**
 * A waiting approval: the request (message, who decides, deadline), and for people who may control runs a form
 * for its fields, a comment, and Approve / Reject. A refusal from the server (not one of this step's approvers)
 * is shown as it came.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { Button, Card, ErrorNotice, Notice, SelectField, TextField } from "../../ui";
import {
  type ApprovalField,
  type ApprovalRequest,
  type ApprovalValues,
  buildApprovalForm,
  initialApprovalValues,
} from "./approval-request";
import { CheckboxField, TextAreaField } from "./InputFields";
import { refreshRun } from "./run-queries";

type Decision = "approve" | "reject";

const ON_TIMEOUT: Record<NonNullable<ApprovalRequest["onTimeout"]>, string> = {
  approve: "it is approved automatically",
  reject: "it is rejected automatically",
  fail: "the step fails",
};

/** One waiting approval; `canDecide` (the `runs:control` permission) decides whether the form shows. */
export function ApprovalCard({
  runId,
  request,
  canDecide,
}: {
  runId: string;
  request: ApprovalRequest;
  canDecide: boolean;
}) {
  return (
    <Card title={`Approval needed: ${request.stepName}`}>
      <p className="approval-message">{request.message}</p>
      <p className="muted small">
        {request.approvers ? `Who can decide: ${request.approvers}.` : "Anyone who may control runs can decide."}
        {request.timeoutAt !== null && request.onTimeout !== null && (
          <>
            {" "}
            If nobody decides by {formatDateTime(new Date(request.timeoutAt).toISOString())},{" "}
            {ON_TIMEOUT[request.onTimeout]}.
          </>
        )}
      </p>
      {canDecide ? (
        <DecisionForm runId={runId} request={request} />
      ) : (
        <Notice>Your role can view this approval but not decide it.</Notice>
      )}
    </Card>
  );
}

function DecisionForm({ runId, request }: { runId: string; request: ApprovalRequest }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ApprovalValues>(() => initialApprovalValues(request.fields));
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const decide = useMutation({
    mutationFn: ({ decision, form }: { decision: Decision; form: Record<string, unknown> }) => {
      const target = api.api.v1.runs[":id"].steps[":node_id"][decision];
      const body = { comment: comment.trim() || undefined, form };
      return unwrap(target.$post({ param: { id: runId, node_id: request.nodeId }, json: body }));
    },
    // The run moves on right away; don't wait for the next poll to show it.
    onSuccess: () => refreshRun(queryClient, runId),
  });

  function submit(decision: Decision) {
    const built = buildApprovalForm(request.fields, values, decision);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    decide.mutate({ decision, form: built.form });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit("approve");
  }

  const busy = decide.isPending;
  return (
    <form onSubmit={onSubmit} aria-label={`Decide ${request.stepName}`}>
      {request.fields.length > 0 && (
        <div className="form-grid">
          {request.fields.map((field) => (
            <ApprovalFieldControl
              key={field.name}
              field={field}
              value={values[field.name]}
              error={errors[field.name]}
              onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
            />
          ))}
        </div>
      )}
      <TextAreaField
        label="Comment"
        rows={2}
        value={comment}
        maxLength={2_000}
        onChange={(e) => setComment(e.target.value)}
      />
      {Object.keys(errors).length > 0 && (
        <p role="alert" className="field-error">
          Check the highlighted fields.
        </p>
      )}
      {decide.error && <ErrorNotice error={decide.error} title="The decision wasn't recorded" />}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={busy}>
          Approve
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => submit("reject")}>
          Reject
        </Button>
      </div>
    </form>
  );
}

function ApprovalFieldControl({
  field,
  value,
  error,
  onChange,
}: {
  field: ApprovalField;
  value: string | boolean | undefined;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const label = field.required ? `${field.label} (required)` : field.label;
  const text = typeof value === "string" ? value : "";
  switch (field.type) {
    case "select":
      return (
        <SelectField label={label} value={text} error={error} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      );
    case "boolean":
      return <CheckboxField label={field.label} checked={value === true} error={error} onChange={onChange} />;
    case "number":
      return (
        <TextField
          label={label}
          type="number"
          step="any"
          value={text}
          error={error}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case "text":
      return <TextField label={label} value={text} error={error} onChange={(e) => onChange(e.target.value)} />;
    default: {
      const _never: never = field.type;
      throw new Error(`unknown approval field type ${String(_never)}`);
    }
  }
}
