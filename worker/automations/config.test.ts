import { describe, expect, it } from "vitest";
import { automationsConfig } from "./config";

describe("automationsConfig", () => {
  it("has the SPEC defaults", () => {
    expect(automationsConfig({})).toEqual({
      retryDelaysS: [60, 300, 900, 3600, 21_600],
      timeoutMs: 15_000,
      disable: { afterMs: 86_400_000, minFailures: 10 },
      warnings: [],
    });
  });

  it("reads overrides", () => {
    const config = automationsConfig({
      DELIVERY_RETRY_DELAYS_S: "1,2",
      DELIVERY_TIMEOUT_S: "3",
      DESTINATION_DISABLE_AFTER_S: "60",
      DESTINATION_DISABLE_MIN_FAILURES: "2",
    });
    expect(config).toMatchObject({
      retryDelaysS: [1, 2],
      timeoutMs: 3000,
      disable: { afterMs: 60_000, minFailures: 2 },
    });
  });

  it("falls back to defaults with a warning for values that aren't numbers", () => {
    const config = automationsConfig({ DELIVERY_TIMEOUT_S: "fast", DELIVERY_RETRY_DELAYS_S: "x" });
    expect(config.timeoutMs).toBe(15_000);
    expect(config.retryDelaysS).toHaveLength(5);
    expect(config.warnings).toHaveLength(2);
    expect(config.warnings[0]).toContain("DELIVERY_RETRY_DELAYS_S");
  });
});
