import { describe, expect, it } from "vitest";
import type { RunbookDefinition } from "../runbooks/types";
import { checkPlanSteps, checkSuggestedActions, type RunbookCatalog } from "./validate";

const inventory: RunbookDefinition = {
  name: "portainer_inventory",
  title: "Portainer inventory",
  description: "Lists stacks and containers",
  category: "containers",
  risk: "low",
  version: 1,
  required_connections: [{ key: "portainer", description: "Portainer API key" }],
  schema_json: {
    type: "object",
    required: ["endpoint_id"],
    additionalProperties: false,
    properties: { endpoint_id: { type: "integer", minimum: 1 } },
  },
  supports_dry_run: false,
  workflow: { nodes: [], edges: [] } as never,
};

/** A catalog holding one runbook; validation is a tiny stand-in for the registry's JSON Schema check. */
const catalog: RunbookCatalog = {
  getRunbook: (name) => (name === inventory.name ? inventory : null),
  validateRunbookInputs: (_def, inputs) =>
    Number.isInteger(inputs.endpoint_id) && (inputs.endpoint_id as number) >= 1
      ? { ok: true, value: inputs }
      : { ok: false, issues: [{ path: "endpoint_id", message: "must be an integer ≥ 1" }] },
};

describe("checkSuggestedActions", () => {
  it("keeps a runbook suggestion that exists with valid inputs, and plain actions", () => {
    const { actions, notes } = checkSuggestedActions(
      [
        { kind: "rerun", description: "Run it again" },
        {
          kind: "runbook",
          description: "Inventory",
          runbook: { name: "portainer_inventory", inputs: { endpoint_id: 2 } },
        },
      ],
      catalog,
    );
    expect(actions).toEqual([
      { kind: "rerun", description: "Run it again" },
      {
        kind: "runbook",
        description: "Inventory",
        runbook: { name: "portainer_inventory", inputs: { endpoint_id: 2 } },
      },
    ]);
    expect(notes).toEqual([]);
  });

  it("drops an unknown runbook and invalid inputs, with a note each", () => {
    const { actions, notes } = checkSuggestedActions(
      [
        { kind: "runbook", description: "Reboot", runbook: { name: "reboot_everything", inputs: {} } },
        {
          kind: "runbook",
          description: "Inventory",
          runbook: { name: "portainer_inventory", inputs: { endpoint_id: 0 } },
        },
        { kind: "runbook", description: "Something", runbook: null },
      ],
      catalog,
    );
    expect(actions).toEqual([]);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toContain("no runbook named “reboot_everything”");
    expect(notes[1]).toContain("endpoint_id: must be an integer ≥ 1");
    expect(notes[2]).toContain("names no runbook");
  });
});

describe("checkPlanSteps", () => {
  const orgConnections = new Set(["con_portainer"]);
  const step = (over: Record<string, unknown>) => ({
    runbook: "portainer_inventory",
    inputs: { endpoint_id: 1 },
    connections: { portainer: "con_portainer" },
    reason: "See what runs",
    ...over,
  });

  it("accepts a valid step and leaves it unstarted", () => {
    const { steps, rejected } = checkPlanSteps([step({})], catalog, orgConnections);
    expect(rejected).toEqual([]);
    expect(steps).toEqual([{ ...step({}), job_id: null, start_error: null }]);
  });

  it("rejects invalid inputs, unknown runbooks and foreign or missing connections, with the reason", () => {
    const { steps, rejected } = checkPlanSteps(
      [
        step({ inputs: { endpoint_id: "two" } }),
        step({ runbook: "drop_database" }),
        step({ connections: { portainer: "con_of_another_org" } }),
        step({ connections: {} }),
        step({ connections: { portainer: "con_portainer", ssh: "con_portainer" } }),
        step({}),
      ],
      catalog,
      orgConnections,
    );
    expect(steps).toHaveLength(1);
    expect(rejected.map((r) => r.reason)).toEqual([
      "its inputs are invalid (endpoint_id: must be an integer ≥ 1)",
      "there is no runbook named “drop_database”",
      "“con_of_another_org” (for “portainer”) is not a connection of this organization",
      "it needs a connection for “portainer” (Portainer API key)",
      "the runbook has no connection slot “ssh”",
    ]);
  });
});
