import { describe, expect, it } from "vitest";
import { type DiagnoseContext, diagnoseMessages, planMessages } from "./prompts";

const SECRET = "sk-live-0123456789abcdef";

const context: DiagnoseContext = {
  run: {
    id: "run_1",
    workflow_id: "wf_1",
    workflow_name: "Nightly sync",
    status: "failed",
    error_code: "http_401",
    error_human: `Step “Fetch”: unauthorized (key ${SECRET})`,
    error_tech: null,
    trigger_type: "manual",
    input: { note: `use ${SECRET}`, api_key: "plain-looking-value", region: "eu" },
  },
  steps: [],
  logs: [
    { ts: "2026-01-01T00:00:00.000Z", level: "error", step_id: "fetch", message: "401", details: `Bearer ${SECRET}` },
  ],
  similar_failures: [],
};

describe("diagnoseMessages", () => {
  it("never sends a connection secret or a secret-named field, but keeps the rest", () => {
    const [system, user] = diagnoseMessages(context, [], [SECRET]);
    expect(system?.role).toBe("system");
    expect(user?.content).not.toContain(SECRET);
    expect(user?.content).not.toContain("plain-looking-value");
    expect(user?.content).toContain("[redacted]");
    expect(user?.content).toContain("Nightly sync");
    expect(user?.content).toContain('"region": "eu"');
  });
});

describe("planMessages", () => {
  it("gives the goal, the catalog and the connections (ids, no credentials)", () => {
    const messages = planMessages(
      { goal: `Fix the sync, token ${SECRET}`, run_summary: "401 from the API" },
      [
        {
          name: "portainer_inventory",
          title: "Inventory",
          description: "Lists containers",
          risk: "low",
          required_connections: [{ key: "portainer", description: "Portainer" }],
          schema_json: { type: "object" },
        },
      ],
      [{ id: "con_1", name: "Portainer prod", type: "api_key", host: "portainer.example.com" }],
      [SECRET],
    );
    const text = messages.map((m) => m.content).join("\n");
    expect(text).toContain("portainer_inventory");
    expect(text).toContain("con_1");
    expect(text).toContain("401 from the API");
    expect(text).not.toContain(SECRET);
  });
});
