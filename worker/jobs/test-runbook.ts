// A small runbook for tests of the runbook machinery (registry, instantiation, jobs), independent of the built-ins.
import type { RunbookDefinition } from "../runbooks/types";

/**
 * `test_echo`: two `set` steps echoing the inputs; the last one also echoes the bound `api` connection id,
 * so tests see the binding. Override `risk`, `name` or anything else per test.
 */
export function testRunbook(overrides: Partial<RunbookDefinition> = {}): RunbookDefinition {
  return {
    name: "test_echo",
    title: "Echo",
    description: "Echoes its inputs",
    category: "test",
    risk: "low",
    version: 1,
    required_connections: [{ key: "api", description: "Any connection" }],
    supports_dry_run: true,
    schema_json: {
      type: "object",
      required: ["message"],
      additionalProperties: false,
      properties: {
        message: { type: "string", minLength: 1 },
        count: { type: "integer", minimum: 1 },
        tags: {
          type: "array",
          items: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
        },
        dry_run: { type: "boolean" },
      },
    },
    workflow: {
      nodes: [
        { id: "prepare", type: "set", config: { values: { message: "{{ input.message }}" } } },
        {
          id: "echo",
          type: "set",
          config: {
            values: {
              message: "{{ input.message }}",
              dry_run: '{{ $lookup(input, "dry_run") = true }}',
              api: "$connection:api",
            },
          },
        },
      ],
      edges: [{ from: "prepare", to: "echo" }],
    },
    ...overrides,
  } as RunbookDefinition;
}
