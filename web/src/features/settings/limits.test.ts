import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../../../worker/contracts/orgs";
import { formatLimit, limitsPatch, limitsToForm } from "./limits";

describe("org limits in display units", () => {
  it("shows milliseconds as seconds or minutes and bytes as KB", () => {
    expect(limitsToForm(DEFAULT_LIMITS)).toEqual({
      max_nodes_per_workflow: "50",
      node_timeout_ms: "120",
      run_timeout_ms: "30",
      max_concurrent_runs_per_user: "5",
      max_run_input_bytes: "1024",
      event_retention_ms: "30",
    });
    expect(formatLimit("run_timeout_ms", 1_800_000)).toBe("30 minutes");
    expect(formatLimit("event_retention_ms", 7 * 86_400_000)).toBe("7 days");
    expect(formatLimit("max_run_input_bytes", 1536)).toBe("1.5 KB");
  });

  it("sends only the limits that changed, in the API's units", () => {
    const form = { ...limitsToForm(DEFAULT_LIMITS), node_timeout_ms: "45", run_timeout_ms: "1.5" };
    expect(limitsPatch(DEFAULT_LIMITS, form)).toEqual({
      ok: true,
      changed: { node_timeout_ms: 45_000, run_timeout_ms: 90_000 },
    });
    expect(limitsPatch(DEFAULT_LIMITS, limitsToForm(DEFAULT_LIMITS))).toEqual({ ok: true, changed: {} });
  });

  it("doesn't report a rounded, untouched value as a change", () => {
    const odd = { ...DEFAULT_LIMITS, max_run_input_bytes: 1000 }; // shown as 0.98 KB
    expect(limitsPatch(odd, limitsToForm(odd))).toEqual({ ok: true, changed: {} });
  });

  it("refuses empty, zero, negative and non-numbers with a message in the field's unit", () => {
    const form = {
      ...limitsToForm(DEFAULT_LIMITS),
      node_timeout_ms: "",
      max_nodes_per_workflow: "-1",
      run_timeout_ms: "soon",
    };
    expect(limitsPatch(DEFAULT_LIMITS, form)).toEqual({
      ok: false,
      errors: {
        node_timeout_ms: "Enter a positive number of seconds",
        max_nodes_per_workflow: "Enter a positive number of steps",
        run_timeout_ms: "Enter a positive number of minutes",
      },
    });
  });
});
