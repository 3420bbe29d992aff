import { describe, expect, it } from "vitest";
import { navFor } from "./nav";

describe("navFor", () => {
  it("shows admins and owners every section, the audit trail included", () => {
    for (const role of ["owner", "admin"] as const) {
      expect(navFor(role).map((item) => item.label)).toContain("Audit");
    }
  });
  it("hides the audit trail from roles that can't read it, and nothing else", () => {
    for (const role of ["operator", "viewer"] as const) {
      const labels = navFor(role).map((item) => item.label);
      expect(labels).not.toContain("Audit");
      expect(labels).toEqual([
        "Dashboard",
        "Workflows",
        "Runs",
        "Runbooks",
        "Runners",
        "Marketplace",
        "Automations",
        "Settings",
      ]);
    }
  });
});
