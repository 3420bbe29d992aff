import { describe, expect, it } from "vitest";
import { AUDIT_PAGE_SIZE, auditQuery, filtersFromParams, filtersToParams, NO_FILTERS } from "./audit-query";

describe("audit filters", () => {
  it("round-trips through the address bar, leaving empty filters out", () => {
    const filters = { ...NO_FILTERS, action: "member.invited", from: "2026-01-15T10:30" };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe("action=member.invited&from=2026-01-15T10%3A30");
    expect(filtersFromParams(params)).toEqual(filters);
    expect(filtersFromParams(new URLSearchParams())).toEqual(NO_FILTERS);
  });

  it("builds the API query: trimmed values, local times as UTC, the cursor, the page size", () => {
    const filters = {
      action: " auth.login_succeeded ",
      actor: "usr_1",
      target_type: "",
      target_id: "  ",
      from: "2026-01-15T10:30",
      to: "",
    };
    expect(auditQuery(filters, "cur_2")).toEqual({
      action: "auth.login_succeeded",
      actor: "usr_1",
      from: new Date(2026, 0, 15, 10, 30).toISOString(),
      cursor: "cur_2",
      limit: String(AUDIT_PAGE_SIZE),
    });
  });

  it("asks for the first page with no filters", () => {
    expect(auditQuery(NO_FILTERS)).toEqual({ limit: String(AUDIT_PAGE_SIZE) });
  });
});
