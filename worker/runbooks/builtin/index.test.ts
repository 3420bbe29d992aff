// Every built-in runbook is a valid, executable definition: graph, input schema and connection slots agree.
import { describe, expect, it } from "vitest";
import type { Graph } from "../../contracts/workflow";
import { expressionSites } from "../../engine/expressions";
import { validateGraph } from "../../engine/graph";
import { preflight } from "../../engine/preflight";
import { CONNECTION_PLACEHOLDER, RunbookRisk } from "../types";
import { BUILTIN_RUNBOOKS } from "./index";

/** Every `connection_id` in a graph. */
function connectionIds(workflow: (typeof BUILTIN_RUNBOOKS)[number]["workflow"]): string[] {
  return workflow.nodes.flatMap((node) => {
    const config = node.config as { connection_id?: unknown };
    return typeof config.connection_id === "string" ? [config.connection_id] : [];
  });
}

/** The smallest valid input of each runbook: only its required fields. */
const MINIMAL_INPUTS: Record<string, Record<string, unknown>> = {
  cloudflare_dns_bulk: { zone_id: "z1", records: [{ action: "delete", type: "A", name: "www" }] },
  portainer_inventory: { portainer_url: "https://portainer.example.com" },
  portainer_logs: { portainer_url: "https://portainer.example.com", endpoint_id: 1, container_id: "web" },
  swarm_deploy: {
    portainer_url: "https://portainer.example.com",
    endpoint_id: 1,
    stack_name: "web",
    compose: "services:\n  web:\n    image: nginx\n",
  },
  n8n_backup: { n8n_url: "https://n8n.example.com" },
  vps_provision: { name: "web-1", server_type: "cx22", image: "ubuntu-24.04" },
  ansible_playbook: { inventory: "hosts.ini", playbook: "site.yml" },
};

describe("built-in runbooks", () => {
  it("have unique snake_case names", () => {
    const names = BUILTIN_RUNBOOKS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  for (const runbook of BUILTIN_RUNBOOKS) {
    describe(runbook.name, () => {
      it("has a graph that validates", () => {
        const result = validateGraph(runbook.workflow, { maxNodes: 50 });
        expect(result.valid ? [] : result.issues).toEqual([]);
      });

      it("describes its inputs with an object schema whose required fields are declared", () => {
        const schema = runbook.schema_json as {
          type?: unknown;
          properties?: Record<string, unknown>;
          required?: string[];
        };
        expect(schema.type).toBe("object");
        expect(schema.properties).toBeTypeOf("object");
        for (const name of schema.required ?? []) expect(Object.keys(schema.properties ?? {})).toContain(name);
        expect(RunbookRisk.safeParse(runbook.risk).success).toBe(true);
        expect(runbook.title.length).toBeGreaterThan(0);
        expect(runbook.description.length).toBeGreaterThan(0);
      });

      it("uses exactly its declared connection slots, only through placeholders", () => {
        const used = connectionIds(runbook.workflow);
        for (const id of used) expect(id.startsWith(CONNECTION_PLACEHOLDER)).toBe(true);
        const keys = new Set(used.map((id) => id.slice(CONNECTION_PLACEHOLDER.length)));
        expect([...keys].sort()).toEqual(runbook.required_connections.map((slot) => slot.key).sort());
      });

      it("passes preflight with only its required inputs (optional ones may be left out)", () => {
        const input = MINIMAL_INPUTS[runbook.name];
        expect(input, "add a minimal input for this runbook").toBeDefined();
        const connectionIds = new Set(
          runbook.required_connections.map((slot) => `${CONNECTION_PLACEHOLDER}${slot.key}`),
        );
        const result = preflight({
          graph: runbook.workflow as Graph,
          input: input ?? {},
          connectionIds,
          checkUrl: () => null,
        });
        expect(result.groups.issues).toEqual([]);
      });

      it("reads only inputs its schema declares", () => {
        const declared = Object.keys((runbook.schema_json as { properties?: object }).properties ?? {});
        for (const node of runbook.workflow.nodes) {
          for (const site of expressionSites({ type: node.type, config: node.config })) {
            const reads = site.source.matchAll(/\binput\.([A-Za-z_][A-Za-z0-9_]*)|\$lookup\(input, "([^"]+)"\)/g);
            for (const [, path, lookup] of reads) {
              const name = path ?? lookup;
              expect(declared, `${node.id} ${site.field}`).toContain(name);
            }
          }
        }
      });
    });
  }
});
