/**
 * A runbook's execute form: the inputs rendered by rjsf from `schema_json` (validated in the browser with Ajv, then
 * by the server), one connection picker per required slot, the dry-run box, and Execute. The server's
 * `validation_failed` issues are laid onto the fields they name.
 */

import type { IChangeEvent } from "@rjsf/core";
import Form from "@rjsf/core";
import type { RJSFSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { Button, ErrorNotice, SelectField } from "../../ui";
import { CheckboxField } from "../runs/InputFields";
import {
  buildExecute,
  connectionOptions,
  type ExecuteShape,
  formSchema,
  formUiSchema,
  hasDryRunInput,
  initialConnections,
} from "./execute-request";
import { needsApproval } from "./risk";
import { issuesOf, type MappedIssues, mapIssues } from "./rjsf-errors";
import { type ConnectionRef, type Runbook, useConnectionChoices, useExecuteRunbook } from "./runbook-api";

type Inputs = Record<string, unknown>;

const NO_ISSUES: MappedIssues = { form: {}, connections: {}, general: [] };

export function RunbookForm({ runbook }: { runbook: Runbook }) {
  const navigate = useNavigate();
  const connections = useConnectionChoices();
  const execute = useExecuteRunbook(runbook.name);
  const slots = runbook.required_connections;
  const shape: ExecuteShape = {
    slots,
    supportsDryRun: runbook.supports_dry_run,
    dryRunInput: hasDryRunInput(runbook.schema_json),
  };
  const [inputs, setInputs] = useState<Inputs>({});
  const [picked, setPicked] = useState<Record<string, string> | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [issues, setIssues] = useState<MappedIssues>(NO_ISSUES);
  const choices = connections.data ?? [];
  // Until the person picks, the preselection follows the connections list as it loads.
  const picks = picked ?? initialConnections(slots, choices);

  function submit(event: IChangeEvent<Inputs>) {
    const formData = event.formData ?? {};
    setInputs(formData);
    const built = buildExecute(shape, formData, picks, dryRun);
    if (!built.ok) {
      setIssues({ ...NO_ISSUES, connections: built.missing });
      return;
    }
    setIssues(NO_ISSUES);
    execute.mutate(built.body, {
      onSuccess: ({ job_id }) => navigate(`/jobs/${encodeURIComponent(job_id)}`),
      onError: (error) => {
        const found = issuesOf(error);
        if (found)
          setIssues(
            mapIssues(
              found,
              slots.map((slot) => slot.key),
            ),
          );
      },
    });
  }

  const showError = execute.error && !issuesOf(execute.error);
  return (
    <Form<Inputs>
      className="rjsf rb-form"
      schema={formSchema(runbook.schema_json) as RJSFSchema}
      uiSchema={formUiSchema(shape)}
      validator={validator}
      formData={inputs}
      onChange={(event) => setInputs(event.formData ?? {})}
      onSubmit={submit}
      extraErrors={issues.form}
      showErrorList={false}
      noHtml5Validate
      focusOnFirstError
    >
      {slots.length > 0 && (
        <fieldset className="choice rb-connections">
          <legend>Connections</legend>
          {connections.error && <ErrorNotice error={connections.error} title="Couldn't load the connections" />}
          {connections.data && choices.length === 0 && (
            <p className="muted small">
              No connections yet. <Link to="/settings/connections">Add one in Settings › Connections</Link>.
            </p>
          )}
          {slots.map((slot) => (
            <ConnectionPicker
              key={slot.key}
              slotKey={slot.key}
              description={slot.description}
              options={connectionOptions(slot, choices)}
              value={picks[slot.key] ?? ""}
              error={issues.connections[slot.key]}
              onChange={(id) => setPicked({ ...picks, [slot.key]: id })}
            />
          ))}
        </fieldset>
      )}
      {runbook.supports_dry_run && (
        <CheckboxField label="Dry run (show what would change, change nothing)" checked={dryRun} onChange={setDryRun} />
      )}
      {issues.general.length > 0 && (
        <div role="alert" className="error-notice">
          <strong>The server didn't accept these inputs</strong>
          <ul>
            {issues.general.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      )}
      {showError && <ErrorNotice error={execute.error} title="The runbook didn't start" />}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={execute.isPending}>
          {execute.isPending ? "Starting…" : "Execute"}
        </Button>
        {needsApproval(runbook.risk) && <span className="muted small">It will wait for an approval first.</span>}
      </div>
    </Form>
  );
}

function ConnectionPicker({
  slotKey,
  description,
  options,
  value,
  error,
  onChange,
}: {
  slotKey: string;
  description: string;
  options: readonly ConnectionRef[];
  value: string;
  error: string | undefined;
  onChange: (id: string) => void;
}) {
  return (
    <SelectField
      label={`Connection: ${slotKey}`}
      hint={description || undefined}
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">Choose a connection…</option>
      {options.map((connection) => (
        <option key={connection.id} value={connection.id}>
          {connection.name} ({connection.type})
        </option>
      ))}
    </SelectField>
  );
}
