// Built-in runbook `n8n_backup`: export every workflow of an n8n instance as one JSON file in the job's artifacts.
import type { InputSchema } from "../../contracts/workflow";
import type { RunbookDefinition } from "../types";
import { connection, READ_RETRY, requiredBaseUrl } from "./shared";

/** n8n's largest page; the runbook reads two pages, so a backup holds up to 500 workflows. */
export const N8N_PAGE_LIMIT = 250;

const WORKFLOWS_URL = `{{ ${requiredBaseUrl("n8n_url")} }}/api/v1/workflows?limit=${N8N_PAGE_LIMIT}`;

const INPUT_SCHEMA: InputSchema = {
  type: "object",
  required: ["n8n_url"],
  additionalProperties: false,
  properties: {
    n8n_url: {
      type: "string",
      title: "n8n URL",
      description: "e.g. https://n8n.example.com (the public API must be enabled)",
      format: "uri",
      pattern: "^https?://",
    },
  },
};

/**
 * The backup document. Credentials are listed by name and type only, from the references in the workflows'
 * nodes: n8n's public API never returns credential data, and the backup must not hold secrets anyway.
 */
const COLLECT_EXPRESSION = `(
  $workflows := $append($append([], steps.page_1.output.body.data), $append([], steps.page_2.output.body.data));
  $refs := $workflows.nodes.credentials.$each(function($ref, $type) { { "type": $type, "id": $ref.id, "name": $ref.name } });
  $last := steps.page_2.output.body ?? steps.page_1.output.body;
  {
    "format": "fluxo.n8n-backup.v1",
    "source": ${requiredBaseUrl("n8n_url")},
    "exported_at": run.started_at,
    "complete": $type($last.nextCursor) != "string",
    "workflow_count": $count($workflows),
    "credentials": $append([], $distinct($refs)),
    "workflows": $workflows
  }
)`;

const REPORT_EXPRESSION = `{
  "workflows": steps.collect.output.workflow_count,
  "active_workflows": $count(steps.collect.output.workflows[active = true]),
  "accounts_referenced": $count(steps.collect.output.credentials),
  "complete": steps.collect.output.complete,
  "note": steps.collect.output.complete ? null : "n8n has more than ${2 * N8N_PAGE_LIMIT} workflows; the backup holds the first ${2 * N8N_PAGE_LIMIT}",
  "artifact": steps.write_backup.output.artifact,
  "size": steps.write_backup.output.size
}`;

/**
 * `n8n_backup`: low risk, read-only; the backup is the artifact `n8n-backup.json`. The report says
 * `accounts_referenced`, not `credentials`: keys naming credentials are redacted wherever runs are shown.
 */
export const N8N_BACKUP: RunbookDefinition = {
  name: "n8n_backup",
  title: "Back up n8n workflows",
  description:
    "Export every workflow of an n8n instance (up to 500) through its public API, with the names and types of the " +
    "credentials they use (never their data), as n8n-backup.json in the job's artifacts.",
  category: "backup",
  risk: "low",
  version: 1,
  required_connections: [
    { key: "n8n", description: "n8n API key (api_key connection, header X-N8N-API-KEY)", type: "api_key" },
  ],
  supports_dry_run: false,
  schema_json: INPUT_SCHEMA,
  workflow: {
    input_schema: INPUT_SCHEMA,
    nodes: [
      {
        id: "page_1",
        type: "http",
        name: "List workflows",
        phase: "read",
        config: { method: "GET", url: WORKFLOWS_URL, connection_id: connection("n8n"), expect_status: [200] },
        retry: READ_RETRY,
      },
      {
        id: "more_pages",
        type: "condition",
        name: "More pages?",
        config: { expression: '$type(steps.page_1.output.body.nextCursor) = "string"' },
      },
      {
        id: "page_2",
        type: "http",
        name: "List more workflows",
        phase: "read",
        config: {
          method: "GET",
          url: `${WORKFLOWS_URL}&cursor={{ $encodeUrlComponent(steps.page_1.output.body.nextCursor) }}`,
          connection_id: connection("n8n"),
          expect_status: [200],
        },
        retry: READ_RETRY,
      },
      { id: "collect", type: "transform", name: "Assemble backup", config: { expression: COLLECT_EXPRESSION } },
      {
        id: "write_backup",
        type: "render",
        name: "Write n8n-backup.json",
        phase: "report",
        config: {
          format: "text",
          template: "{{ $string(steps.collect.output, true) }}",
          artifact_name: "n8n-backup.json",
        },
      },
      { id: "report", type: "transform", name: "Report", phase: "report", config: { expression: REPORT_EXPRESSION } },
    ],
    edges: [
      { from: "page_1", to: "more_pages" },
      { from: "more_pages", to: "page_2", when: "true" },
      { from: "more_pages", to: "collect", when: "false" },
      { from: "page_2", to: "collect" },
      { from: "collect", to: "write_backup" },
      { from: "write_backup", to: "report" },
    ],
  },
};
