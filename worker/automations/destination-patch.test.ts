import { describe, expect, it } from "vitest";
import { destinationPatch } from "./destination-patch";

const NOW = 1_700_000_000_000;
const row = { name: "CRM", url: "https://crm.example/hook", eventTypes: ["run.*"], enabled: true };

describe("destinationPatch", () => {
  it("changes only what differs and audits it as an update", () => {
    const change = destinationPatch(row, { name: "CRM prod", url: row.url, event_types: ["run.*"] }, NOW);
    expect(change).toEqual({ patch: { name: "CRM prod" }, changes: ["name"], audit: "destination.updated" });
  });

  it("stores subscriptions sorted and unique, and ignores a reordering", () => {
    const same = destinationPatch({ ...row, eventTypes: ["a", "b"] }, { event_types: ["b", "a", "a"] }, NOW);
    expect(same.changes).toEqual([]);
    const changed = destinationPatch(row, { event_types: ["step.failed", "run.*"] }, NOW);
    expect(changed.patch.eventTypes).toEqual(["run.*", "step.failed"]);
  });

  it("disabling by hand records who-knows-why as manual, with the time", () => {
    expect(destinationPatch(row, { enabled: false }, NOW)).toEqual({
      patch: { enabled: false, disabledReason: "manual", disabledMessage: null, disabledAt: NOW },
      changes: ["enabled"],
      audit: "destination.disabled",
    });
  });

  it("enabling clears an automatic disable and the failing streak", () => {
    const change = destinationPatch({ ...row, enabled: false }, { enabled: true }, NOW);
    expect(change.audit).toBe("destination.enabled");
    expect(change.patch).toEqual({
      enabled: true,
      disabledReason: null,
      disabledMessage: null,
      disabledAt: null,
      failingSince: null,
      consecutiveFailures: 0,
    });
  });

  it("does nothing for a no-op body", () => {
    expect(destinationPatch(row, { enabled: true, name: "CRM" }, NOW).changes).toEqual([]);
  });

  it("calls a toggle plus other changes an update", () => {
    expect(destinationPatch(row, { enabled: false, name: "Old CRM" }, NOW).audit).toBe("destination.updated");
  });
});
