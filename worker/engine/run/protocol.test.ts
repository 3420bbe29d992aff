import { describe, expect, it } from "vitest";
import { EMITTED_EVENT_TYPES, idempotencyKey, timerId } from "./protocol";

describe("protocol", () => {
  it("builds deterministic timer ids, one per (kind, step, attempt)", () => {
    expect(timerId.retry("fetch", 2)).toBe("retry:fetch:2");
    expect(timerId.resume("wait", 1)).toBe("resume:wait:1");
    expect(timerId.stepTimeout("fetch", 1)).toBe("step_timeout:fetch:1");
    expect(timerId.waitTimeout("approve", 1)).toBe("wait_timeout:approve:1");
    expect(timerId.runTimeout()).toBe("run_timeout");
  });

  it("keys each attempt for downstream idempotency", () => {
    expect(idempotencyKey("run_1", "fetch", 3)).toBe("run_1:fetch:3");
  });

  it("emits only SPEC §5 event types", () => {
    for (const type of EMITTED_EVENT_TYPES) expect(type).toMatch(/^(execution|step|approval|preflight)\.[a-z_]+$/);
  });
});
