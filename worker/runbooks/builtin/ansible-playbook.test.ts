import { describe, expect, it } from "vitest";
import { validateRunbookInputs } from "../registry";
import { ANSIBLE_PLAYBOOK } from "./ansible-playbook";

describe("ansible_playbook inputs", () => {
  it("accepts ordinary inventory and playbook paths", () => {
    const inputs = { inventory: "inventories/prod-eu/hosts.ini", playbook: "site.yml", limit: "web-*:!web-3" };
    expect(validateRunbookInputs(ANSIBLE_PLAYBOOK, inputs).ok).toBe(true);
  });

  it("refuses a path that ansible-playbook would read as an option", () => {
    for (const [field, value] of [
      ["inventory", "--syntax-check"],
      ["playbook", "-e@secrets.yml"],
      ["playbook", "--become"],
    ] as const) {
      const result = validateRunbookInputs(ANSIBLE_PLAYBOOK, {
        inventory: "hosts",
        playbook: "site.yml",
        [field]: value,
      });
      expect(result.ok, `${field}=${value}`).toBe(false);
      if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(field);
    }
  });
});
