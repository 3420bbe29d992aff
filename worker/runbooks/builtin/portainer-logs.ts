// Built-in runbook `portainer_logs`: fetch the recent logs of a container through Portainer and keep them as a file.
import type { InputSchema } from "../../contracts/workflow";
import type { RunbookDefinition } from "../types";
import { PORTAINER_CONNECTION, PORTAINER_URL_INPUT } from "./portainer-inventory";
import { connection, optionalInput, READ_RETRY, requiredBaseUrl, segment } from "./shared";

const DEFAULT_TAIL = 200;

const INPUT_SCHEMA: InputSchema = {
  type: "object",
  required: ["portainer_url", "endpoint_id", "container_id"],
  additionalProperties: false,
  properties: {
    portainer_url: PORTAINER_URL_INPUT,
    endpoint_id: { type: "integer", minimum: 1, title: "Environment (endpoint) ID" },
    container_id: {
      type: "string",
      title: "Container ID or name",
      pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$",
    },
    tail: { type: "integer", minimum: 1, maximum: 10000, default: DEFAULT_TAIL, title: "Last lines" },
  },
};

const LOGS_URL =
  `{{ ${requiredBaseUrl("portainer_url")} }}/api/endpoints/{{ input.endpoint_id }}/docker/containers/` +
  `{{ ${segment("input.container_id")} }}/logs?stdout=1&stderr=1&tail={{ ${optionalInput("tail")} ?? ${DEFAULT_TAIL} }}`;

/**
 * The log text. Docker sends a TTY container's log as text; a non-TTY container's comes as a framed binary stream
 * (8-byte headers), which the http step keeps as base64: the document then says so instead of garbling it.
 */
const LOG_TEXT = `{{ steps.fetch_logs.output.body_encoding = "base64"
  ? "[binary Docker log stream (non-TTY container), base64]\\n" & steps.fetch_logs.output.body
  : $string(steps.fetch_logs.output.body ?? "") }}`;

const REPORT_EXPRESSION = `(
  $text := $string(steps.store_logs.output.content ?? "");
  {
    "endpoint_id": input.endpoint_id,
    "container_id": input.container_id,
    "tail": ${optionalInput("tail")} ?? ${DEFAULT_TAIL},
    "line_count": $count($filter($split(steps.fetch_logs.output.body_encoding = "base64" ? "" : $string(steps.fetch_logs.output.body ?? ""), "\\n"), function($l) { $l != "" })),
    "size": steps.store_logs.output.size,
    "artifact": steps.store_logs.output.artifact,
    "preview": $substring($text, -2000)
  }
)`;

/** `portainer_logs`: low risk, read-only; the log becomes a text artifact of the job. */
export const PORTAINER_LOGS: RunbookDefinition = {
  name: "portainer_logs",
  title: "Container logs (Portainer)",
  description:
    "Fetch the last lines of a container's stdout and stderr through Portainer and store them as a text file " +
    "with the job's artifacts.",
  category: "containers",
  risk: "low",
  version: 1,
  required_connections: [PORTAINER_CONNECTION],
  supports_dry_run: false,
  schema_json: INPUT_SCHEMA,
  workflow: {
    input_schema: INPUT_SCHEMA,
    nodes: [
      {
        id: "fetch_logs",
        type: "http",
        name: "Fetch logs",
        phase: "read",
        config: { method: "GET", url: LOGS_URL, connection_id: connection("portainer"), expect_status: [200] },
        retry: READ_RETRY,
      },
      {
        id: "store_logs",
        type: "render",
        name: "Store logs",
        phase: "report",
        config: {
          format: "text",
          template: "{{ data }}",
          data: LOG_TEXT,
          artifact_name: "logs-{{ input.container_id }}.txt",
        },
      },
      { id: "report", type: "transform", name: "Report", phase: "report", config: { expression: REPORT_EXPRESSION } },
    ],
    edges: [
      { from: "fetch_logs", to: "store_logs" },
      { from: "store_logs", to: "report" },
    ],
  },
};
