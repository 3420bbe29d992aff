// Built-in runbook `swarm_deploy`: create or update a Docker Swarm stack through Portainer and wait until it runs.
import type { InputSchema } from "../../contracts/workflow";
import type { RunbookDefinition } from "../types";
import { PORTAINER_CONNECTION, PORTAINER_URL_INPUT } from "./portainer-inventory";
import { connection, NO_RETRY, optionalInput, pollingRetry, READ_RETRY, requiredBaseUrl } from "./shared";

const BASE = `{{ ${requiredBaseUrl("portainer_url")} }}`;
const DOCKER = `${BASE}/api/endpoints/{{ input.endpoint_id }}/docker`;
/** Docker's filter for the services and tasks of one stack (the label `docker stack deploy` sets). */
const STACK_FILTER = `{{ $encodeUrlComponent($string({ "label": ["com.docker.stack.namespace=" & input.stack_name] })) }}`;
const ENV = `{{ $append([], ${optionalInput("env")}) }}`;

const INPUT_SCHEMA: InputSchema = {
  type: "object",
  required: ["portainer_url", "endpoint_id", "stack_name", "compose"],
  additionalProperties: false,
  properties: {
    portainer_url: PORTAINER_URL_INPUT,
    endpoint_id: { type: "integer", minimum: 1, title: "Environment (endpoint) ID" },
    stack_name: {
      type: "string",
      title: "Stack name",
      pattern: "^[a-z0-9][a-z0-9_-]{0,62}$",
      description: "Lowercase letters, digits, - and _",
    },
    compose: { type: "string", title: "Compose file (YAML)", minLength: 1, maxLength: 200000 },
    env: {
      type: "array",
      title: "Environment variables",
      maxItems: 200,
      items: {
        type: "object",
        required: ["name", "value"],
        additionalProperties: false,
        properties: {
          name: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
          value: { type: "string", maxLength: 10000 },
        },
      },
    },
    prune: { type: "boolean", title: "Remove services no longer in the file (update only)", default: false },
  },
};

/** The existing stack of that name on that environment, if any. */
const EXISTING = `($name := input.stack_name; $endpoint := input.endpoint_id;
  $append([], steps.find_stack.output.body)[Name = $name and EndpointId = $endpoint][0])`;

/** Every service of the stack runs as many tasks as it wants (Docker's `ServiceStatus`, API ≥ 1.41). */
const ALL_RUNNING =
  "$count(response.body) > 0 and " +
  "$count(response.body[$not(ServiceStatus.RunningTasks >= ServiceStatus.DesiredTasks)]) = 0";

const REPORT_EXPRESSION = `(
  $stack := steps.update_stack.output.body ?? steps.create_stack.output.body;
  $tasks := $append([], steps.list_tasks.output.body);
  {
    "stack_id": $stack.Id,
    "stack_name": $stack.Name,
    "action": $exists(steps.update_stack.output.body) ? "updated" : "created",
    "services": $append([], $map($append([], steps.wait_services.output.body), function($s) {
      {
        "name": $s.Spec.Name,
        "image": $s.Spec.TaskTemplate.ContainerSpec.Image,
        "running": $s.ServiceStatus.RunningTasks,
        "desired": $s.ServiceStatus.DesiredTasks,
        "tasks": $append([], $tasks[ServiceID = $s.ID].Status.State)
      }
    }))
  }
)`;

/** `swarm_deploy`: high risk (changes what runs in production); waits for approval before its first step. */
export const SWARM_DEPLOY: RunbookDefinition = {
  name: "swarm_deploy",
  title: "Deploy a Swarm stack (Portainer)",
  description:
    "Create the stack, or update it if it exists, from a compose file and environment variables, then wait until " +
    "every service runs its desired number of replicas.",
  category: "deploy",
  risk: "high",
  version: 1,
  required_connections: [PORTAINER_CONNECTION],
  supports_dry_run: false,
  schema_json: INPUT_SCHEMA,
  workflow: {
    input_schema: INPUT_SCHEMA,
    nodes: [
      {
        id: "find_stack",
        type: "http",
        name: "Find stack",
        phase: "read",
        config: {
          method: "GET",
          url: `${BASE}/api/stacks`,
          connection_id: connection("portainer"),
          expect_status: [200],
        },
        retry: READ_RETRY,
      },
      { id: "stack_exists", type: "condition", name: "Stack exists?", config: { expression: `$exists(${EXISTING})` } },
      {
        id: "update_stack",
        type: "http",
        name: "Update stack",
        phase: "deploy",
        config: {
          method: "PUT",
          url: `${BASE}/api/stacks/{{ ${EXISTING}.Id }}?endpointId={{ input.endpoint_id }}`,
          body: { stackFileContent: "{{ input.compose }}", env: ENV, prune: `{{ ${optionalInput("prune")} = true }}` },
          connection_id: connection("portainer"),
          expect_status: [200],
        },
        // Redeploying the same file is harmless, so transient failures may retry.
        retry: READ_RETRY,
      },
      {
        id: "get_swarm",
        type: "http",
        name: "Read swarm",
        phase: "read",
        config: { method: "GET", url: `${DOCKER}/swarm`, connection_id: connection("portainer"), expect_status: [200] },
        retry: READ_RETRY,
      },
      {
        id: "create_stack",
        type: "http",
        name: "Create stack",
        phase: "deploy",
        config: {
          method: "POST",
          url: `${BASE}/api/stacks/create/swarm/string?endpointId={{ input.endpoint_id }}`,
          body: {
            name: "{{ input.stack_name }}",
            swarmID: "{{ steps.get_swarm.output.body.ID }}",
            stackFileContent: "{{ input.compose }}",
            env: ENV,
          },
          connection_id: connection("portainer"),
          expect_status: [200],
        },
        // A second create would fail on the name or create a duplicate: never resend it automatically.
        retry: NO_RETRY,
      },
      {
        id: "wait_services",
        type: "http",
        name: "Wait for services",
        phase: "verify",
        config: {
          method: "GET",
          url: `${DOCKER}/services?status=true&filters=${STACK_FILTER}`,
          connection_id: connection("portainer"),
          expect_status: [200],
          until: ALL_RUNNING,
        },
        // About three minutes of polling (1 s, 2 s, 4 s, 8 s, then every 10 s).
        retry: pollingRetry(20, 10_000),
      },
      {
        id: "list_tasks",
        type: "http",
        name: "List tasks",
        phase: "verify",
        config: {
          method: "GET",
          url: `${DOCKER}/tasks?filters=${STACK_FILTER}`,
          connection_id: connection("portainer"),
          expect_status: [200],
        },
        retry: READ_RETRY,
      },
      { id: "report", type: "transform", name: "Report", phase: "report", config: { expression: REPORT_EXPRESSION } },
    ],
    edges: [
      { from: "find_stack", to: "stack_exists" },
      { from: "stack_exists", to: "update_stack", when: "true" },
      { from: "stack_exists", to: "get_swarm", when: "false" },
      { from: "get_swarm", to: "create_stack" },
      { from: "update_stack", to: "wait_services" },
      { from: "create_stack", to: "wait_services" },
      { from: "wait_services", to: "list_tasks" },
      { from: "list_tasks", to: "report" },
    ],
  },
};
