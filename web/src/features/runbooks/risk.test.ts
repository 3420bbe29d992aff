import { describe, expect, it } from "vitest";
import { needsApproval, RISK_LOOK } from "./risk";

describe("runbook risk", () => {
  it("colors low green, medium amber and high red", () => {
    expect(RISK_LOOK.low.tone).toBe("ok");
    expect(RISK_LOOK.medium.tone).toBe("warn");
    expect(RISK_LOOK.high.tone).toBe("error");
    expect(RISK_LOOK.high.label).toBe("High risk");
  });

  it("tells people before Execute that a high-risk runbook waits for an approval", () => {
    expect(RISK_LOOK.high.notice).toContain("needs an approval before it starts");
    expect(needsApproval("high")).toBe(true);
    expect(needsApproval("medium")).toBe(false);
    expect(needsApproval("low")).toBe(false);
  });
});
