/** Workflow settings, shown when nothing is selected: input schema (JSON Schema), run settings, and vars. */
import { type Dispatch, useMemo } from "react";
import { type GraphInput, type GraphIssue, GraphSettings } from "../../../../../worker/contracts/workflow";
import { ConfigForm } from "./ConfigForm";
import type { EditorAction } from "./editor-state";
import { FormContext } from "./form-context";
import { issuesByPath } from "./issues";
import { JsonField } from "./JsonField";
import { referenceablePaths } from "./references";
import { describeFields } from "./schema-form";

const SETTINGS_FIELDS = describeFields(GraphSettings, [{ path: "concurrency.key", kind: "template" }]);

const isObject = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? null : "Must be a JSON object";

/** The workflow-wide settings form; `dispatch` undefined means read-only. */
export function SettingsPanel({
  graph,
  issues,
  dispatch,
}: {
  graph: GraphInput;
  issues: readonly GraphIssue[];
  dispatch: Dispatch<EditorAction> | undefined;
}) {
  // Settings are computed before any step runs: no steps.* to offer.
  const context = useMemo(
    () => ({ paths: referenceablePaths(graph, null), issues: issuesByPath(issues, "") }),
    [graph, issues],
  );
  const fieldIssues = (prefix: string) =>
    [...context.issues].filter(([path]) => path === prefix || path.startsWith(`${prefix}.`)).flatMap(([, m]) => m);
  return (
    <FormContext.Provider value={context}>
      <h2 className="wf-panel-title">Workflow settings</h2>
      <p className="muted small">Select a step to edit it. These apply to the whole workflow.</p>
      <JsonField
        label="Input schema"
        value={graph.input_schema}
        check={isObject}
        rows={6}
        hint='JSON Schema of the run input, e.g. {"type": "object", "properties": {"user_id": {"type": "string"}}}'
        errors={fieldIssues("input_schema")}
        onChange={(value) =>
          dispatch?.({ type: "update_graph", patch: { input_schema: value as GraphInput["input_schema"] } })
        }
      />
      <ConfigForm
        fields={SETTINGS_FIELDS}
        value={graph.settings}
        path="settings"
        initialValues={{ concurrency: { key: "", limit: 1 } }}
        onChange={(settings) =>
          dispatch?.({
            type: "update_graph",
            patch: { settings: Object.keys(settings).length === 0 ? undefined : (settings as GraphInput["settings"]) },
          })
        }
      />
      <JsonField
        label="Vars"
        value={graph.vars}
        check={isObject}
        hint='Constants for expressions as vars.<key>, e.g. {"region": "eu"}'
        errors={fieldIssues("vars")}
        onChange={(value) => dispatch?.({ type: "update_graph", patch: { vars: value as GraphInput["vars"] } })}
      />
    </FormContext.Provider>
  );
}
