// Built-in runbook `portainer_inventory`: list a Portainer's environments and the containers of one of them.
import type { InputSchema } from "../../contracts/workflow";
import type { RunbookDefinition } from "../types";
import { connection, optionalInput, READ_RETRY, requiredBaseUrl } from "./shared";

/** The Portainer connection slot shared by the Portainer runbooks (API key in `X-API-Key`). */
export const PORTAINER_CONNECTION = {
  key: "portainer",
  description: "Portainer API access token (api_key connection, header X-API-Key)",
  type: "api_key",
} as const;

/** `portainer_url` as the form shows it. */
export const PORTAINER_URL_INPUT = {
  type: "string",
  title: "Portainer URL",
  description: "e.g. https://portainer.example.com",
  format: "uri",
  pattern: "^https?://",
} as const;

const BASE = `{{ ${requiredBaseUrl("portainer_url")} }}`;

const INPUT_SCHEMA: InputSchema = {
  type: "object",
  required: ["portainer_url"],
  additionalProperties: false,
  properties: {
    portainer_url: PORTAINER_URL_INPUT,
    endpoint_id: {
      type: "integer",
      minimum: 1,
      title: "Environment (endpoint) ID",
      description: "Leave empty for the first environment",
    },
  },
};

/** Which environment to inventory: the requested one (it must exist), else the one with the lowest id. */
const PICK_EXPRESSION = `(
  $endpoints := $append([], steps.list_endpoints.output.body);
  $wanted := ${optionalInput("endpoint_id")};
  $chosen := $exists($wanted) ? $endpoints[Id = $wanted][0] : $sort($endpoints, function($a, $b) { $a.Id > $b.Id })[0];
  $exists($chosen) ? { "id": $chosen.Id, "name": $chosen.Name }
    : $error($exists($wanted) ? "Portainer has no environment with id " & $string($wanted) : "Portainer has no environments")
)`;

const REPORT_EXPRESSION = `(
  $containers := $append([], steps.list_containers.output.body);
  {
    "endpoint": steps.pick_endpoint.output,
    "endpoints": $append([], $map($append([], steps.list_endpoints.output.body), function($e) {
      { "id": $e.Id, "name": $e.Name, "status": $e.Status = 1 ? "up" : "down" }
    })),
    "containers": $append([], $map($containers, function($c) {
      { "id": $substring($c.Id, 0, 12), "name": $replace($c.Names[0], /^\\//, ""), "image": $c.Image,
        "state": $c.State, "status": $c.Status }
    })),
    "summary": { "containers": $count($containers), "running": $count($containers[State = "running"]) }
  }
)`;

/** `portainer_inventory`: low risk, read-only. */
export const PORTAINER_INVENTORY: RunbookDefinition = {
  name: "portainer_inventory",
  title: "Portainer inventory",
  description:
    "List the environments of a Portainer instance and every container (running or not) of one environment: " +
    "name, image, state and status.",
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
        id: "list_endpoints",
        type: "http",
        name: "List environments",
        phase: "read",
        config: {
          method: "GET",
          url: `${BASE}/api/endpoints`,
          connection_id: connection("portainer"),
          expect_status: [200],
        },
        retry: READ_RETRY,
      },
      { id: "pick_endpoint", type: "transform", name: "Pick environment", config: { expression: PICK_EXPRESSION } },
      {
        id: "list_containers",
        type: "http",
        name: "List containers",
        phase: "read",
        config: {
          method: "GET",
          url: `${BASE}/api/endpoints/{{ steps.pick_endpoint.output.id }}/docker/containers/json?all=1`,
          connection_id: connection("portainer"),
          expect_status: [200],
        },
        retry: READ_RETRY,
      },
      { id: "report", type: "transform", name: "Report", phase: "report", config: { expression: REPORT_EXPRESSION } },
    ],
    edges: [
      { from: "list_endpoints", to: "pick_endpoint" },
      { from: "pick_endpoint", to: "list_containers" },
      { from: "list_containers", to: "report" },
    ],
  },
};
