import { describe, expect, it } from "vitest";
import { concurrencyScope, concurrencySlotName, MAX_CONCURRENCY_KEY_LENGTH } from "./concurrency";

const withKey = (key: string, limit = 1, vars?: Record<string, unknown>) => ({
  settings: { concurrency: { key, limit } },
  vars,
});

describe("concurrencyScope", () => {
  it("is null when the workflow sets no concurrency", async () => {
    expect(await concurrencyScope({}, { customer_id: "c1" })).toBeNull();
    expect(await concurrencyScope({ settings: { run_timeout_ms: 1000 } }, {})).toBeNull();
  });

  it("renders the key from the input, so each customer gets its own lane", async () => {
    const graph = withKey("customer-{{ input.customer_id }}", 2);
    expect(await concurrencyScope(graph, { customer_id: "c1" })).toEqual({ key: "customer-c1", limit: 2 });
    expect(await concurrencyScope(graph, { customer_id: 42 })).toEqual({ key: "customer-42", limit: 2 });
  });

  it("keeps a constant key, and can read vars", async () => {
    expect(await concurrencyScope(withKey("daily-report"), {})).toEqual({ key: "daily-report", limit: 1 });
    expect(await concurrencyScope(withKey("{{ vars.region }}", 1, { region: "eu" }), {})).toEqual({
      key: "eu",
      limit: 1,
    });
  });

  it("puts runs whose key renders to nothing in one shared lane instead of ignoring the limit", async () => {
    expect(await concurrencyScope(withKey("{{ input.customer_id }}"), {})).toEqual({ key: "", limit: 1 });
    expect(await concurrencyScope(withKey("{{ $error('boom') }}"), {})).toEqual({ key: "", limit: 1 });
  });

  it("serialises non-string keys and cuts very long ones", async () => {
    expect((await concurrencyScope(withKey("{{ input.k }}"), { k: { a: 1 } }))?.key).toBe('{"a":1}');
    const long = "x".repeat(500);
    expect((await concurrencyScope(withKey("{{ input.k }}"), { k: long }))?.key).toHaveLength(
      MAX_CONCURRENCY_KEY_LENGTH,
    );
  });
});

describe("concurrencySlotName", () => {
  it("scopes a lane by org and workflow", () => {
    expect(concurrencySlotName("org_1", "wf_1", "c1")).toBe("wfkey:org_1:wf_1:c1");
    expect(concurrencySlotName("org_1", "wf_2", "c1")).not.toBe(concurrencySlotName("org_1", "wf_1", "c1"));
  });
});
