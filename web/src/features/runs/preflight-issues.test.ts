import { describe, expect, it } from "vitest";
import { preflightHeadline, preflightIssues } from "./preflight-issues";

const missing = {
  code: "connection_missing",
  domain: "connection",
  message_human: "Step “Trigger deploy” needs the connection “deploy_api”.",
  message_tech: "config.connection_id=deploy_api not found",
  node_id: "deploy",
  severity: "blocking",
};
const warning = { ...missing, code: "slow", severity: "warning", message_human: "It may be slow.", node_id: null };

describe("preflightIssues", () => {
  it("lists blocking issues before warnings", () => {
    const summary = {
      blocking_count: 1,
      warning_count: 1,
      groups: { by_domain: { connection: 2 }, issues: [warning, missing] },
    };
    expect(preflightIssues(summary).map((i) => i.code)).toEqual(["connection_missing", "slow"]);
  });

  it("skips issues it can't read and copes with no summary at all", () => {
    const summary = { blocking_count: 2, warning_count: 0, groups: { issues: [missing, { code: 42 }] } };
    expect(preflightIssues(summary)).toHaveLength(1);
    expect(preflightIssues(null)).toEqual([]);
    expect(preflightIssues({ blocking_count: 0, warning_count: 0 })).toEqual([]);
  });
});

describe("preflightHeadline", () => {
  it("counts blocking issues and warnings in words", () => {
    expect(preflightHeadline({ blocking_count: 1, warning_count: 2 })).toBe(
      "Preflight found 1 blocking issue and 2 warnings.",
    );
    expect(preflightHeadline({ blocking_count: 3, warning_count: 0 })).toBe("Preflight found 3 blocking issues.");
    expect(preflightHeadline({ blocking_count: 0, warning_count: 1 })).toBe("Preflight found 1 warning.");
  });

  it("says nothing when preflight found nothing or didn't run", () => {
    expect(preflightHeadline({ blocking_count: 0, warning_count: 0 })).toBeNull();
    expect(preflightHeadline(null)).toBeNull();
  });
});
